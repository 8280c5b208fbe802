package io.tidegate.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as a real child JVM, as a service manager runs it, so tests can send it SIGTERM or
 * SIGKILL. It runs within the Raspberry-Pi-class heap budget of 64 MB.
 */
final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static GatewayProcess start(String framework, Path profile, Path data, Path log) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", classpath,
                "io.tidegate.runtime.Main", "--framework", framework, "--home", TestSites.home().toString(),
                "--profile", profile.toString(), "--data", data.toString(), "--status", "1"));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new GatewayProcess(builder.start(), log);
    }

    /** Sends SIGTERM and waits for a clean exit; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("gateway did not stop within 40 s of SIGTERM; log:\n" + log());
        }
        return process.exitValue();
    }

    /**
     * SIGTERM, and asserts a clean stop: exit 0, or 143 (128 + SIGTERM), the JVM's status when a
     * signal started the shutdown, which service managers count as a clean stop too.
     */
    void terminateCleanly() throws InterruptedException {
        int exit = terminate();
        if (exit != 0 && exit != 143) {
            throw new AssertionError("gateway stopped with exit code " + exit + " after SIGTERM; log:\n" + log());
        }
    }

    /** SIGKILL: no shutdown hook runs, as when the gateway dies abruptly. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits for the process to end by itself; returns the exit code. */
    int waitForExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("gateway still running after 60 s; log:\n" + log());
        }
        return process.exitValue();
    }

    /** Waits until the log contains the text, or fails after the timeout showing the log. */
    void awaitLog(String text, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!log().contains(text)) {
            if (System.currentTimeMillis() > deadline) {
                String log = log();
                throw new AssertionError("'" + text + "' not logged within " + timeout + "; log tail:\n"
                        + (log.length() <= 4000 ? log : log.substring(log.length() - 4000)));
            }
            Thread.sleep(200);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
