package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTU on a serial line made of socat pseudo-terminals: a real gateway process polls three units of
 * Debian's pymodbus RTU server (19200 8N2: a pseudo-terminal refuses parity) through a relay that
 * corrupts, truncates or extends one answer on demand. Each fault makes exactly one reading bad, with its reason, and the very next
 * poll of that point is good again.
 */
class ModbusRtuPymodbusTest {
    @TempDir
    Path dir;

    private static final List<String> POINTS = List.of("u1/int16", "u1/input", "u2/int16", "u2/input", "u3/int16",
            "u3/input");

    @Test
    void aDamagedFrameSpoilsOnlyItsOwnPollOnASharedBus() throws Exception {
        Path control = Files.createDirectories(dir.resolve("control"));
        Path serverTty = dir.resolve("tty-server");
        Path relaySlave = dir.resolve("tty-relay-slave");
        Path relayMaster = dir.resolve("tty-relay-master");
        Path gatewayTty = dir.resolve("tty-gateway");
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"));
             PythonPeer line1 = PythonPeer.start(dir, "socat-server-side", List.of("socat",
                     "pty,raw,echo=0,link=" + serverTty, "pty,raw,echo=0,link=" + relaySlave))
                     .awaitFile(serverTty).awaitFile(relaySlave);
             PythonPeer line2 = PythonPeer.start(dir, "socat-gateway-side", List.of("socat",
                     "pty,raw,echo=0,link=" + relayMaster, "pty,raw,echo=0,link=" + gatewayTty))
                     .awaitFile(relayMaster).awaitFile(gatewayTty);
             PythonPeer relay = PythonPeer.python(dir, "relay", "rtu_relay.py", relayMaster.toString(),
                     relaySlave.toString(), control.toString());
             PythonPeer server = PythonPeer.python(dir, "pymodbus-rtu", "pymodbus_server.py", "rtu",
                     serverTty.toString());
             SparkplugHost host = SparkplugHost.subscribe(broker.url())) {
            StringBuilder devices = new StringBuilder();
            for (int unit = 1; unit <= 3; unit++) {
                devices.append("""
                          - id: unit%1$d
                            driver: modbus-rtu
                            interval: 300ms
                            settings:
                              serialPort: %2$s
                              baud: 19200
                              parity: none
                              unit: %1$d
                              timeout: 300ms
                              retries: 0
                            points:
                              - id: u%1$d/int16
                                address: hr:0
                                type: INT16
                              - id: u%1$d/input
                                address: ir:0
                                type: UINT16
                        """.formatted(unit, gatewayTty));
            }
            Path profile = dir.resolve("site.yaml");
            Files.writeString(profile, """
                    gateway:
                      id: rtu-gw
                      group: hw
                    devices:
                    %suplink:
                      host: 127.0.0.1
                      port: %d
                    """.formatted(devices, broker.port()));
            try (GatewayProcess gateway = GatewayProcess.start("felix", profile, dir.resolve("data"),
                    dir.resolve("gateway.log"))) {
                try {
                    host.await("good readings from all three units", Duration.ofSeconds(60),
                            h -> POINTS.stream().allMatch(p -> goodCount(h, p) >= 3));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\ngateway log:\n" + gateway.log() + "\nrelay:\n"
                            + relay.log() + "\npymodbus:\n" + server.log(), e);
                }
                for (int unit = 1; unit <= 3; unit++) {
                    assertValue(host, "u" + unit + "/int16", -200 - unit);
                    assertValue(host, "u" + unit + "/input", 1234 + unit);
                }

                injectAndCheck(host, control, "corrupt", "CRC error");
                injectAndCheck(host, control, "truncate", "truncated answer");
                injectAndCheck(host, control, "garbage", "runs on past its");
                lateAnswer(host, control);
                // Through all of it, every good reading carried exactly the unit's value
                for (int unit = 1; unit <= 3; unit++) {
                    assertGoodValues(host, "u" + unit + "/int16", -200 - unit);
                    assertGoodValues(host, "u" + unit + "/input", 1234 + unit);
                }
                relay.assertAlive();
                server.assertAlive();
            }
        }
    }

    /** Asks the relay to damage the next answer, then checks what reached the host. */
    private static void injectAndCheck(SparkplugHost host, Path control, String fault, String reason)
            throws Exception {
        int before = badReadings(host).size();
        Files.writeString(control.resolve(fault), "");
        host.await("one bad reading after '" + fault + "'", Duration.ofSeconds(30),
                h -> badReadings(h).size() > before);
        SparkplugHost.Reading bad = badReadings(host).get(before);
        String point = bad.name();
        assertTrue(bad.qualityReason().startsWith("COMM_FAILURE") && bad.qualityReason().contains(reason),
                () -> fault + ": " + bad.qualityReason());
        // the next poll of the same point is good, and nothing else went bad meanwhile
        host.await("the next reading of " + point, Duration.ofSeconds(30),
                h -> h.readings(point).stream().anyMatch(r -> r.timestamp() > bad.timestamp()));
        SparkplugHost.Reading next = host.readings(point).stream().filter(r -> r.timestamp() > bad.timestamp())
                .findFirst().orElseThrow();
        assertNull(next.qualityReason(), () -> "after " + fault + ": " + next.qualityReason());
        Thread.sleep(1000); // a few more polls of every unit
        assertEquals(before + 1, badReadings(host).size(), () -> fault + " spoiled more than one reading: "
                + badReadings(host).subList(before, badReadings(host).size()).stream()
                .map(r -> r.name() + " " + r.qualityReason()).toList());
    }

    /**
     * An answer held back past the timeout reaches the line during a later request: the timed-out
     * poll is bad, the stale frame is recognised (another unit, or another function) and flushed
     * instead of being read as a value, and the bus is good again right after.
     */
    private static void lateAnswer(SparkplugHost host, Path control) throws Exception {
        int before = badReadings(host).size();
        Files.writeString(control.resolve("delay"), "");
        host.await("a bad reading after 'delay'", Duration.ofSeconds(30), h -> badReadings(h).size() > before);
        Thread.sleep(2000);
        List<SparkplugHost.Reading> bad = badReadings(host).subList(before, badReadings(host).size());
        List<String> reasons = bad.stream().map(r -> r.name() + " " + r.qualityReason()).toList();
        // the timed-out request, the one not sent after it in the same poll, and at most one poll that met the
        // stale frame
        assertTrue(bad.size() <= 3, reasons::toString);
        assertTrue(bad.stream().allMatch(r -> r.qualityReason().startsWith("COMM_FAILURE")), reasons::toString);
        assertTrue(bad.get(0).qualityReason().contains("no answer"), reasons::toString);
        for (String p : POINTS) {
            List<SparkplugHost.Reading> readings = host.readings(p);
            assertNull(readings.get(readings.size() - 1).qualityReason(), () -> p + " not good again: " + reasons);
        }
    }

    private static void assertGoodValues(SparkplugHost host, String point, long expected) {
        for (SparkplugHost.Reading r : host.readings(point)) {
            if (r.qualityReason() == null) {
                assertEquals(expected, ((Number) r.value()).longValue(), point);
            }
        }
    }

    private static List<SparkplugHost.Reading> badReadings(SparkplugHost host) {
        List<SparkplugHost.Reading> bad = new ArrayList<>();
        for (String p : POINTS) {
            host.readings(p).stream().filter(r -> r.qualityReason() != null).forEach(bad::add);
        }
        bad.sort((a, b) -> Long.compare(a.message().receivedAt(), b.message().receivedAt()));
        return bad;
    }

    private static long goodCount(SparkplugHost host, String point) {
        return host.readings(point).stream().filter(r -> r.qualityReason() == null).count();
    }

    private static void assertValue(SparkplugHost host, String point, long expected) {
        for (SparkplugHost.Reading r : host.readings(point)) {
            assertNull(r.qualityReason(), () -> point + ": " + r.qualityReason());
            assertEquals(expected, ((Number) r.value()).longValue(), point);
        }
    }
}
