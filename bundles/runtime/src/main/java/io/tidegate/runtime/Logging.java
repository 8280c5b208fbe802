package io.tidegate.runtime;

/** One-line log format for the console: time, level, message. */
public final class Logging {
    /** Held so the level setting is not garbage-collected with the logger. */
    private static java.util.logging.Logger quiet;

    private Logging() {
    }

    /** Must run before the first log call, which is when java.util.logging reads its format. */
    public static void configure() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$-7s %5$s%6$s%n");
        }
        // The embedded broker logs every MQTT packet at INFO; only its problems matter here.
        quiet = java.util.logging.Logger.getLogger("io.moquette");
        quiet.setLevel(java.util.logging.Level.WARNING);
    }
}
