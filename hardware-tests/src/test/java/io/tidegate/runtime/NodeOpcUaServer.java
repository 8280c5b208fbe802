package io.tidegate.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node-opcua server of hardware-tests/opcua/server.js (installed by setup.sh), started by the
 * test on 127.0.0.1 and a free port. It keeps its certificate in its own folder, so stopping and
 * starting it again acts out a server restart with the same identity. A server that does not
 * start fails the test; it is never skipped. Its stdin stays open while the test runs: if the
 * test JVM dies, the server sees end of input and stops by itself.
 */
final class NodeOpcUaServer implements AutoCloseable {
    static final String NAMESPACE = "urn:tidegate:node-opcua:plant";
    static final String USER = "operator";

    private final Path dir;
    private final int port;
    private final Path passwordFile;
    private Process process;

    private NodeOpcUaServer(Path dir, int port, Path passwordFile) {
        this.dir = dir;
        this.port = port;
        this.passwordFile = passwordFile;
    }

    /** Starts the server; the operator's password is a fresh random one written to a file for both sides. */
    static NodeOpcUaServer start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path passwordFile = dir.resolve("operator.password");
        Files.writeString(passwordFile, "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong()) + "\n");
        NodeOpcUaServer server = new NodeOpcUaServer(dir, TestSites.freePort(), passwordFile);
        server.start();
        return server;
    }

    void start() throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("tidegate.opcua.server", "opcua/server.js"));
        if (!Files.isRegularFile(script) || !Files.isDirectory(script.resolveSibling("node_modules/node-opcua"))) {
            throw new AssertionError("node-opcua is not installed next to " + script + "; run hardware-tests/setup.sh");
        }
        Path log = dir.resolve("server.log");
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(List.of("node", script.toString(), Integer.toString(port),
                dir.resolve("pki").toString(), passwordFile.toString()));
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        process = builder.start();
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            String out = Files.exists(log) ? Files.readString(log) : "";
            if (out.contains("READY ")) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("node-opcua server exited with " + process.exitValue() + ":\n" + out);
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("node-opcua server not ready within 90 s:\n" + Files.readString(log));
    }

    /** Stops the server (SIGTERM) and waits until it has gone. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    String url() {
        return "opc.tcp://127.0.0.1:" + port + "/plant";
    }

    Path passwordFile() {
        return passwordFile;
    }

    /** The address of a node of server.js, by its string id, in the namespace-URI form. */
    static String node(String id) {
        return "nsu=" + NAMESPACE + ";s=" + id;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
