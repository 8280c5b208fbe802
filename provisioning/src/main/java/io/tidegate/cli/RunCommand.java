package io.tidegate.cli;

import io.tidegate.engine.profile.ProfileException;
import io.tidegate.runtime.LaunchOptions;
import io.tidegate.runtime.Launcher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a real site profile against its configured broker until SIGTERM or Ctrl-C. */
@Command(name = "run", description = "Run a site profile until stopped (SIGTERM sends NDEATH and closes the store).")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--profile", required = true, description = "The site profile (YAML).")
    Path profile;

    @Option(names = "--data", defaultValue = "tidegate-data", description = "State directory (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--status", defaultValue = "10", description = "Seconds between status lines; 0 for none.")
    int status;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        Launcher launcher;
        try {
            launcher = Launcher.start(new LaunchOptions(runtime.framework, runtime.home(), profile, data, status));
        } catch (ProfileException e) {
            System.err.println(e.getMessage());
            System.err.println("nothing was started");
            return 2;
        }
        launcher.runUntilShutdown();
        return 0;
    }
}
