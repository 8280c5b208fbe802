package io.tidegate.cli;

import java.io.PrintStream;

/**
 * Progress of a long operation. On a terminal it redraws one bar in place ({@code \r});
 * when the output is a pipe or a log file it prints plain lines instead (a carriage-return bar
 * turns into one unreadable line there): one per step for short operations, one per tenth of the
 * way for long ones, so a CI log stays readable.
 */
public final class Progress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final String task;
    private final long total;
    private long done;
    private boolean drawn;

    /**
     * @param out      where progress goes (stderr, so stdout stays the command's result)
     * @param terminal whether {@code out} is an interactive terminal
     * @param task     what is being done, e.g. "building tidegate_0.1.0_all.deb"
     * @param total    the number of steps (at least 1)
     */
    public Progress(PrintStream out, boolean terminal, String task, long total) {
        this.out = out;
        this.terminal = terminal;
        this.task = task;
        this.total = Math.max(1, total);
    }

    /** Progress on stderr, as a bar when the JVM runs on an interactive terminal. */
    public static Progress onStderr(String task, long total) {
        return new Progress(System.err, System.console() != null, task, total);
    }

    /** One more step done; {@code what} names it (a file, a phase). */
    public void step(String what) {
        done = Math.min(total, done + 1);
        if (terminal) {
            out.print("\r" + bar(done, total) + " " + task + ": " + fit(what) + "\u001B[K");
            drawn = true;
        } else if (total <= 10 || done == total || done * 10 / total != (done - 1) * 10 / total) {
            out.println(task + ": " + done + "/" + total + " (" + done * 100 / total + "%) " + what);
        }
        out.flush();
    }

    /** Ends the bar's line; prints nothing more in plain mode. */
    public void finish() {
        if (terminal && drawn) {
            out.println();
            out.flush();
        }
    }

    static String bar(long done, long total) {
        int filled = (int) (done * WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + String.format("%3d%%", done * 100 / total);
    }

    private static String fit(String what) {
        return what.length() <= 40 ? what : "..." + what.substring(what.length() - 37);
    }
}
