/**
 * The site profile: one YAML file (plus optional CSV register maps) that describes the whole
 * gateway. {@link io.tidegate.engine.profile.ProfileLoader} reads and validates it into a
 * {@link io.tidegate.engine.profile.SiteProfile}, or reports every error with file, line and field.
 *
 * <p>This package depends only on the JDK, SnakeYAML and {@code io.tidegate.api}: the launcher uses
 * it outside OSGi to validate a profile before anything starts.
 */
package io.tidegate.engine.profile;
