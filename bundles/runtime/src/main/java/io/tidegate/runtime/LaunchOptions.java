package io.tidegate.runtime;

import java.nio.file.Path;

/**
 * What to launch.
 *
 * @param framework             {@code felix} (the embedded default) or {@code equinox} (Kura's framework)
 * @param home                  the distribution: {@code bundles/} (every jar in it is installed) and
 *                              {@code frameworks/<name>/} (the framework's jars)
 * @param profile               the site profile
 * @param dataDir               where the gateway keeps its state: queue database, bdSeq, framework cache
 * @param statusIntervalSeconds seconds between status lines; 0 for none
 */
public record LaunchOptions(String framework, Path home, Path profile, Path dataDir, int statusIntervalSeconds) {

    public Path bundlesDir() {
        return home.resolve("bundles");
    }

    public Path frameworkDir() {
        return home.resolve("frameworks").resolve(framework);
    }

    /** The distribution home named by the {@code tidegate.home} system property (set by the scripts). */
    public static Path defaultHome() {
        return Path.of(System.getProperty("tidegate.home", "."));
    }
}
