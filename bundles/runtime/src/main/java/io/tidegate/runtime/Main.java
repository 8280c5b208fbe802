package io.tidegate.runtime;

import io.tidegate.engine.profile.ProfileException;
import java.nio.file.Path;

/**
 * Runs a site profile until SIGTERM: {@code Main --profile site.yaml --data DIR --home DIR
 * [--framework felix|equinox] [--status SECONDS]}. The installer's entry point is the
 * {@code tidegate} command; this one is for service managers and tests. Exit code 2 means the
 * profile is invalid and nothing was started.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Logging.configure();
        String framework = "felix";
        Path profile = null;
        Path data = Path.of("tidegate-data");
        Path home = LaunchOptions.defaultHome();
        int status = 0;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--framework" -> framework = value;
                case "--profile" -> profile = Path.of(value);
                case "--data" -> data = Path.of(value);
                case "--home" -> home = Path.of(value);
                case "--status" -> status = Integer.parseInt(value);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(64);
                }
            }
            i++;
        }
        if (profile == null) {
            System.err.println("--profile is required");
            System.exit(64);
        }
        Launcher launcher;
        try {
            launcher = Launcher.start(new LaunchOptions(framework, home, profile, data, status));
        } catch (ProfileException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        launcher.runUntilShutdown();
    }
}
