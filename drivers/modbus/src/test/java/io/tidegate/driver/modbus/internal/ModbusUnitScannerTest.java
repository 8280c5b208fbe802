package io.tidegate.driver.modbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.tidegate.api.DeviceDiscovery;
import io.tidegate.api.DriverException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The unit scan against j2mod's Modbus TCP slave in process on a free port, serving units 3 and 7
 * with register 0: the scan finds them answering with a value, reports progress for every unit
 * tried, stops at its time bound, and says clearly when the host cannot be reached. (j2mod answers
 * units it does not serve with exception 02, as a device without the register would; pymodbus, which
 * stays silent, is scanned in the hardware tests.)
 */
class ModbusUnitScannerTest {
    private ModbusSlave slave;
    private int port;

    @BeforeEach
    void startSlave() throws Exception {
        port = freePort();
        SimpleProcessImage three = new SimpleProcessImage(3);
        three.addRegister(0, new SimpleRegister(42));
        SimpleProcessImage seven = new SimpleProcessImage(7);
        seven.addRegister(0, new SimpleRegister(1));
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(3, three);
        slave.addProcessImage(7, seven);
        slave.open();
    }

    @AfterEach
    void stopSlave() {
        ModbusSlaveFactory.close(slave);
    }

    @Test
    void findsTheUnitsThatAnswerAndReportsEachStep() throws Exception {
        List<DeviceDiscovery.Progress> steps = new ArrayList<>();
        DeviceDiscovery.Result result = new ModbusUnitScanner().discover(Map.of("driver", "modbus-tcp",
                "host", "127.0.0.1", "port", Integer.toString(port), "from", "1", "to", "10"), steps::add);

        assertEquals(List.of("3", "7"), result.findings().stream().filter(f -> f.details().get("answer")
                .equals("value")).map(DeviceDiscovery.Finding::id).toList());
        DeviceDiscovery.Finding other = result.findings().stream().filter(f -> f.id().equals("1")).findFirst()
                .orElseThrow();
        assertEquals("exception", other.details().get("answer"));
        assertTrue(other.details().get("detail").contains("exception 02"), other.details().toString());
        assertTrue(result.complete());
        assertEquals(10, result.tried());
        assertEquals(10, steps.size());
        assertEquals(10, steps.get(9).done());
        assertEquals(10, steps.get(9).total());
        assertEquals("3", steps.get(2).found().id());
        assertEquals("value", steps.get(2).found().details().get("answer"));
    }

    @Test
    void aScanStopsAtItsTimeBoundAndSaysWhatWasNotTried() throws Exception {
        // A device that takes the connection and never answers: every unit costs the whole timeout.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> p = new HashMap<>(Map.of("driver", "modbus-tcp", "host", "127.0.0.1",
                    "port", Integer.toString(silent.getLocalPort()), "from", "1", "to", "247", "maxSeconds", "1",
                    "timeout", "300ms"));
            DeviceDiscovery.Result result = new ModbusUnitScanner().discover(p, step -> { });

            assertFalse(result.complete());
            assertTrue(result.findings().isEmpty(), "nobody answered: " + result.findings());
            assertTrue(result.tried() < 247, "stopped early: " + result.tried());
            assertTrue(result.note().contains("were not tried"), result.note());
        }
    }

    @Test
    void anUnreachableHostIsSaidAtOnce() throws Exception {
        int nobody = freePort();
        DriverException e = assertThrows(DriverException.class, () -> new ModbusUnitScanner().discover(Map.of(
                "driver", "modbus-tcp", "host", "127.0.0.1", "port", Integer.toString(nobody)), step -> { }));
        assertTrue(e.getMessage().contains("cannot reach 127.0.0.1:" + nobody), e.getMessage());
    }

    @Test
    void badParametersNameTheParameter() {
        DriverException e = assertThrows(DriverException.class, () -> new ModbusUnitScanner().discover(Map.of(
                "driver", "modbus-tcp", "host", "127.0.0.1", "from", "x"), step -> { }));
        assertTrue(e.getMessage().contains("'from' = 'x'"), e.getMessage());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
