package io.tidegate.cli;

import io.tidegate.runtime.LaunchOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that start the gateway. */
final class RuntimeOptions {
    @Option(names = "--framework", defaultValue = "felix",
            description = "OSGi framework: felix (default) or equinox (Eclipse Kura's).")
    String framework;

    @Option(names = "--home", description = "Distribution folder holding bundles/ and frameworks/ (default: the build's).")
    Path home;

    Path home() {
        return home != null ? home : LaunchOptions.defaultHome();
    }
}
