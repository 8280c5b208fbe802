package io.tidegate.runtime;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker from Debian, started by the test on 127.0.0.1 and a free port, with its
 * own config and log, and stopped by the test. If it cannot start, the test fails: a missing peer
 * is a failure, never a skip.
 */
final class Mosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private final Process process;
    private final int port;
    private final Path log;

    private Mosquitto(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Mosquitto start(Path dir) throws IOException, InterruptedException {
        return start(dir, 0, List.of());
    }

    /**
     * A broker with a plain anonymous listener ({@link #url()}, for the test's host application)
     * and a second listener on {@code securePort} configured by {@code secureListener} (TLS files,
     * password file), each with its own settings.
     */
    static Mosquitto start(Path dir, int securePort, List<String> secureListener) throws IOException,
            InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is not installed: run hardware-tests/setup.sh");
        }
        int port = TestSites.freePort();
        Files.createDirectories(dir);
        Path config = dir.resolve("mosquitto.conf");
        Path log = dir.resolve("mosquitto.log");
        List<String> lines = new java.util.ArrayList<>(List.of(
                "per_listener_settings true",
                "persistence false",
                "log_dest file " + log,
                "log_type all",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true"));
        if ("root".equals(System.getProperty("user.name"))) {
            // As root (CI runs as root), mosquitto would switch to the user 'mosquitto', which cannot
            // write its log or read the keys in the test's 0700 temp folder.
            lines.add(0, "user root");
        }
        if (securePort > 0) {
            lines.add("listener " + securePort + " 127.0.0.1");
            lines.addAll(secureListener);
        }
        lines.add("");
        Files.writeString(config, String.join("\n", lines));
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "-c", config.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        Mosquitto broker = new Mosquitto(process, port, log);
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return broker;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        broker.close();
        throw new AssertionError("mosquitto did not start on port " + port + ": " + Files.readString(
                dir.resolve("mosquitto.out")));
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGHUP: Mosquitto reloads its configuration, the ACL and password files among it. */
    void reload() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).redirectErrorStream(true)
                .start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("could not signal mosquitto: " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
