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
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (i + 1 >= args.length) {
                usage(option + " needs a value");
            }
            String value = args[i + 1];
            switch (option) {
                case "--framework" -> framework = value;
                case "--profile" -> profile = Path.of(value);
                case "--data" -> data = Path.of(value);
                case "--home" -> home = Path.of(value);
                case "--status" -> status = seconds(option, value);
                default -> usage("unknown option " + option);
            }
        }
        if (profile == null) {
            usage("--profile is required");
        }
        Launcher launcher;
        try {
            launcher = Launcher.start(new LaunchOptions(framework, home, profile, data, status));
        } catch (ProfileException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // Under systemd (Type=notify, WatchdogSec=): ready now, then pings while the framework is active.
        SystemdNotify systemd = SystemdNotify.fromEnvironment(System.getenv());
        Launcher running = launcher;
        systemd.ready("running " + profile.getFileName(),
                () -> running.framework().getState() == org.osgi.framework.Bundle.ACTIVE);
        try {
            launcher.runUntilShutdown();
        } finally {
            systemd.close();
        }
    }

    private static int seconds(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage(option + " takes a whole number of seconds, not '" + value + "'");
            return 0;
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: Main --profile site.yaml [--data DIR] [--home DIR] [--framework felix|equinox]"
                + " [--status SECONDS]");
        System.exit(64);
    }
}
