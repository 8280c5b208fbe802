package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DeviceDiscovery;
import io.tidegate.driver.modbus.internal.ModbusUnitScanner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's Modbus unit scan against Debian's pymodbus server, which serves unit 1 and stays
 * silent for every other unit id, as a real Modbus TCP device does: exactly unit 1 is found, every
 * unit of the range reports progress, and the silent ones cost only their timeout.
 */
class ModbusScanPymodbusTest {
    @TempDir
    Path dir;

    @Test
    void findsExactlyTheUnitThatAnswers() throws Exception {
        int port = TestSites.freePort();
        try (PythonPeer server = PythonPeer.python(dir, "pymodbus-plc", "pymodbus_server.py", "tcp",
                Integer.toString(port)).awaitPort(port)) {
            List<DeviceDiscovery.Progress> steps = new ArrayList<>();
            DeviceDiscovery.Result result = new ModbusUnitScanner().discover(Map.of("driver", "modbus-tcp",
                    "host", "127.0.0.1", "port", Integer.toString(port), "from", "1", "to", "6"), steps::add);

            assertEquals(List.of("1"), result.findings().stream().map(DeviceDiscovery.Finding::id).toList(),
                    result.findings()::toString);
            assertEquals("value", result.findings().get(0).details().get("answer"));
            assertTrue(result.complete());
            assertEquals(6, steps.size());
            server.assertAlive();
        }
    }
}
