/**
 * The Tidegate API: the point model, samples with quality, and the service interfaces through
 * which drivers, the engine, the store and uplinks talk to each other. No implementation lives
 * here; every bundle depends on this package and on nothing else of another bundle.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.4.0")
package io.tidegate.api;
