package io.tidegate.runtime;

/** One-line log format for the console: time, level, message. */
public final class Logging {
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.moquette");

    private Logging() {
    }

    /** Must run before the first log call, which is when java.util.logging reads its format. */
    public static void configure() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$-7s %5$s%6$s%n");
        }
        // The embedded broker logs every MQTT packet at INFO; only its problems matter here.
        QUIET.setLevel(java.util.logging.Level.WARNING);
    }
}
