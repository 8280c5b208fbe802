package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tidegate modbus read} and {@code scan} against Debian's pymodbus server, checked against
 * pymodbus's own client reading the same registers: two independent implementations must agree.
 */
class ModbusCliCrossCheckTest {
    @TempDir
    Path dir;

    @Test
    void theCliReadsWhatThePymodbusClientReads() throws Exception {
        int port = TestSites.freePort();
        try (PythonPeer server = PythonPeer.python(dir, "pymodbus-plc", "pymodbus_server.py", "tcp",
                Integer.toString(port)).awaitPort(port)) {
            String reference = run(List.of(PythonPeer.PYTHON.toString(),
                    PythonPeer.script(dir, "pymodbus_read.py").toString(), "127.0.0.1", Integer.toString(port), "1",
                    "0", "40")).trim();
            List<Long> expected = Arrays.stream(reference.split(" ")).map(Long::parseLong).toList();
            assertEquals(40, expected.size(), reference);

            List<String> cli = cli("modbus", "read", "--tcp", "127.0.0.1:" + port, "--unit", "1", "hr:0", "--count",
                    "40", "--type", "UINT16");
            assertEquals(40, cli.size(), cli::toString);
            List<Long> read = new ArrayList<>();
            for (String line : cli) {
                String[] f = line.trim().split("\\s+");
                read.add(Long.parseLong(f[f.length - 1]));
            }
            assertEquals(expected, read);

            // Typed reads through the same CLI: what the registers above mean
            assertTrue(cli("modbus", "read", "--tcp", "127.0.0.1:" + port, "40015:CDAB", "-t", "FLOAT32").get(0)
                    .endsWith("12.375"));
            assertTrue(cli("modbus", "read", "--tcp", "127.0.0.1:" + port, "--area", "holding", "36", "-t", "STRING",
                    "--length", "4").get(0).endsWith("PUMP1"));

            List<String> scan = cli("modbus", "scan", "--tcp", "127.0.0.1:" + port, "--from", "1", "--to", "4");
            assertEquals(List.of("units answering on 127.0.0.1:" + port + ": 1"), scan);
            server.assertAlive();
        }
    }

    private List<String> cli(String... args) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath, "io.tidegate.cli.TidegateCommand"));
        command.addAll(List.of(args));
        return run(command).lines().filter(l -> !l.isBlank()).toList();
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in 60 s");
        }
        return Files.readString(out);
    }
}
