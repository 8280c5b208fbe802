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
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is not installed: run hardware-tests/setup.sh");
        }
        int port = TestSites.freePort();
        Files.createDirectories(dir);
        Path config = dir.resolve("mosquitto.conf");
        Path log = dir.resolve("mosquitto.log");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "log_dest file " + log,
                "log_type all", ""));
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
