package io.tidegate.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A peer process: a script from src/test/resources/modbus run by Debian's /usr/bin/python3 (with
 * its python3-pymodbus), or socat. One that does not start fails the test, never skips it.
 */
final class PythonPeer implements AutoCloseable {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private final String name;
    private final Process process;
    private final Path log;

    private PythonPeer(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Copies a script out of the test resources into {@code dir} and returns its path. */
    static Path script(Path dir, String resource) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(resource);
        try (InputStream in = PythonPeer.class.getResourceAsStream("/modbus/" + resource)) {
            if (in == null) {
                throw new IOException("test resource modbus/" + resource + " missing");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    static PythonPeer python(Path dir, String name, String scriptResource, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script(dir, scriptResource).toString()));
        command.addAll(List.of(args));
        return start(dir, name, command);
    }

    static PythonPeer start(Path dir, String name, List<String> command) throws IOException {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new PythonPeer(name, builder.start(), log);
    }

    /** Waits until the peer accepts TCP connections on the port. */
    PythonPeer awaitPort(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            assertAlive();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError(name + " did not listen on port " + port + " within 20 s; log:\n" + log());
    }

    /** Waits until a file (a pty link) exists. */
    PythonPeer awaitFile(Path file) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!Files.exists(file)) {
            assertAlive();
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(name + " did not create " + file + " within 20 s; log:\n" + log());
            }
            Thread.sleep(50);
        }
        return this;
    }

    void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + "; log:\n" + log());
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
