package io.tidegate.driver.modbus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.tidegate.api.Access;
import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DriverException;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Scaling;
import io.tidegate.api.Value;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver against j2mod's own Modbus TCP slave, in process on a free port: real sockets, real
 * frames, a register map with a hole the device refuses (exception 02).
 */
class ModbusTcpSlaveTest {
    private ModbusSlave slave;
    private SimpleProcessImage image;
    private int port;
    private ModbusSession session;

    @BeforeEach
    void startSlave() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        image = new SimpleProcessImage(1);
        // hr:0 = -200 (INT16), hr:1..2 = 12.375 (FLOAT32 ABCD), hr:3..4 = -123456 (INT32 CDAB), hr:5 = 0x8005 (bits)
        int[] words = {0xFF38, 0x4146, 0x0000, 0x1DC0, 0xFFFE, 0x8005};
        for (int i = 0; i < words.length; i++) {
            image.addRegister(i, new SimpleRegister(words[i]));
        }
        // hr:6..9 missing: the device refuses them; hr:10..13 = "PUMP1" as STRING[4]
        int[] text = {0x5055, 0x4D50, 0x3100, 0x0000};
        for (int i = 0; i < text.length; i++) {
            image.addRegister(10 + i, new SimpleRegister(text[i]));
        }
        image.addInputRegister(0, new SimpleInputRegister(1234));
        image.addDigitalOut(0, new SimpleDigitalOut(false));
        image.addDigitalOut(1, new SimpleDigitalOut(true));
        image.addDigitalIn(0, new SimpleDigitalIn(true));
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(1, image);
        slave.open();
    }

    @AfterEach
    void stopSlave() {
        if (session != null) {
            session.close();
        }
        ModbusSlaveFactory.close(slave);
    }

    private static Point point(String id, String address, DataType type) {
        return new Point(id, "plc", address, type, "", Scaling.IDENTITY, Access.READ_WRITE, null, null,
                Duration.ofSeconds(1), Map.of(), "");
    }

    private ModbusSession open(Map<String, String> extra) throws DriverException {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("host", "127.0.0.1", "port",
                Integer.toString(port), "unit", "1", "timeout", "500ms", "retries", "0"));
        settings.putAll(extra);
        Device device = new Device("plc", "modbus-tcp", settings, List.of());
        session = (ModbusSession) new ModbusTcpDriver().open(device);
        return session;
    }

    @Test
    void readsEveryTypeWithTheRightValue() throws Exception {
        List<Point> points = List.of(
                point("int16", "hr:0", DataType.INT16),
                point("float", "40002", DataType.FLOAT32),
                point("int32", "hr:3:CDAB", DataType.INT32),
                point("bit0", "hr:5.0", DataType.BOOL),
                point("bit1", "hr:5.1", DataType.BOOL),
                point("bit15", "hr:5.15", DataType.BOOL),
                point("input", "ir:0", DataType.UINT16),
                point("coil0", "co:0", DataType.BOOL),
                point("coil1", "co:1", DataType.BOOL),
                point("di", "di:0", DataType.BOOL));
        List<Sample> samples = open(Map.of()).read(points);
        List<Object> values = samples.stream().map(s -> s.value().raw()).toList();
        assertEquals(List.of(-200L, 12.375, -123456L, true, false, true, 1234L, false, true, true), values);
        assertTrue(samples.stream().allMatch(s -> s.quality().isGood()));
        // hr:0..5 in one request, plus one each for ir, coils and the discrete input
        assertEquals(4, session.client().requests());
    }

    @Test
    void aRefusedHoleInsideABlockIsLearnedAndReadAroundWithoutLosingAPoll() throws Exception {
        List<Point> points = List.of(point("int16", "hr:0", DataType.INT16),
                point("name", "hr:10[4]", DataType.STRING));
        ModbusSession s = open(Map.of());
        assertEquals("FC3 hr:0..13 (14 registers, 2 points)\n", s.describePlan(points));

        List<Sample> first = s.read(points);
        assertEquals(List.of(-200L, "PUMP1"), first.stream().map(x -> x.value().raw()).toList());
        // 1 refused block + 2 single reads
        assertEquals(3, s.client().requests());
        assertEquals("FC3 hr:0 (1 registers, 1 points)\nFC3 hr:10..13 (4 registers, 1 points)\n",
                s.describePlan(points));

        List<Sample> second = s.read(points);
        assertEquals(List.of(-200L, "PUMP1"), second.stream().map(x -> x.value().raw()).toList());
        assertEquals(5, s.client().requests());
    }

    @Test
    void aPointTheDeviceRefusesIsBadWithTheExceptionAndTheOthersStayGood() throws Exception {
        List<Point> points = List.of(point("int16", "hr:0", DataType.INT16), point("ghost", "hr:7", DataType.UINT16),
                point("float", "hr:1", DataType.FLOAT32));
        ModbusSession s = open(Map.of());
        for (int poll = 0; poll < 2; poll++) {
            List<Sample> samples = s.read(points);
            assertEquals(-200L, samples.get(0).value().raw());
            assertEquals(12.375, samples.get(2).value().raw());
            Quality q = samples.get(1).quality();
            assertEquals(Quality.Reason.DEVICE_EXCEPTION, q.reason());
            assertTrue(q.detail().contains("Modbus exception 02 (illegal data address)"), q::detail);
        }
        assertEquals("FC3 hr:0..2 (3 registers, 2 points)\nFC3 hr:7 (1 registers, 1 points)\n", s.describePlan(points));
    }

    @Test
    void writesConvertTypesAndUseTheRightFunctionCodes() throws Exception {
        ModbusSession s = open(Map.of("verifyWrites", "true"));
        s.write(point("int16", "hr:0", DataType.INT16), Value.of(DataType.INT16, -5));
        assertEquals(0xFFFB, image.getRegister(0).getValue());
        s.write(point("float", "hr:1", DataType.FLOAT32), Value.ofDouble(-1.5));
        assertEquals(0xBFC0, image.getRegister(1).getValue());
        assertEquals(0x0000, image.getRegister(2).getValue());
        s.write(point("int32", "hr:3:CDAB", DataType.INT32), Value.of(DataType.INT32, 65538));
        assertEquals(0x0002, image.getRegister(3).getValue());
        assertEquals(0x0001, image.getRegister(4).getValue());
        s.write(point("bit1", "hr:5.1", DataType.BOOL), Value.ofBoolean(true));
        assertEquals(0x8007, image.getRegister(5).getValue());
        s.write(point("coil0", "co:0", DataType.BOOL), Value.ofBoolean(true));
        assertTrue(image.getDigitalOut(0).isSet());
        s.write(point("name", "hr:10[4]", DataType.STRING), Value.of(DataType.STRING, "P2"));
        assertEquals(0x5032, image.getRegister(10).getValue());
        assertEquals(0, image.getRegister(11).getValue());

        DriverException tooBig = assertThrows(DriverException.class,
                () -> s.write(point("int16", "hr:0", DataType.INT16), Value.ofDouble(40000)));
        assertEquals(Quality.Reason.OUT_OF_RANGE, tooBig.reason());
        DriverException refused = assertThrows(DriverException.class,
                () -> s.write(point("ghost", "hr:7", DataType.UINT16), Value.of(DataType.UINT16, 1)));
        assertEquals(Quality.Reason.DEVICE_EXCEPTION, refused.reason());
        DriverException input = assertThrows(DriverException.class,
                () -> s.write(point("input", "ir:0", DataType.UINT16), Value.of(DataType.UINT16, 1)));
        assertEquals(Quality.Reason.CONFIG_ERROR, input.reason());
    }

    @Test
    void aDeadDeviceFailsTheBatchAndTheSessionReconnectsWhenItIsBack() throws Exception {
        List<Point> points = List.of(point("int16", "hr:0", DataType.INT16));
        ModbusSession s = open(Map.of());
        assertEquals(-200L, s.read(points).get(0).value().raw());
        ModbusSlaveFactory.close(slave);
        DriverException down = assertThrows(DriverException.class, () -> {
            // The first read after the close may still see the old socket; within two it is refused.
            for (int i = 0; i < 3; i++) {
                s.read(points);
            }
        });
        assertEquals(Quality.Reason.COMM_FAILURE, down.reason());
        s.close();

        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(1, image);
        slave.open();
        List<Sample> back = open(Map.of()).read(points);
        assertEquals(-200L, back.get(0).value().raw());
    }

    @Test
    void rtuFramesOverTcpReadTheSameValues() throws Exception {
        ModbusSlave rtuSlave = null;
        int rtuPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            rtuPort = s.getLocalPort();
        }
        try {
            rtuSlave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), rtuPort, 2, true);
            rtuSlave.addProcessImage(1, image);
            rtuSlave.open();
            Device device = new Device("server", "modbus-rtu-over-tcp", Map.of("host", "127.0.0.1", "port",
                    Integer.toString(rtuPort), "unit", "1", "timeout", "500ms", "retries", "0"), List.of());
            session = (ModbusSession) new ModbusRtuOverTcpDriver().open(device);
            List<Sample> samples = session.read(List.of(point("int16", "hr:0", DataType.INT16),
                    point("float", "hr:1", DataType.FLOAT32), point("name", "hr:10[4]", DataType.STRING),
                    point("coil1", "co:1", DataType.BOOL)));
            assertEquals(List.of(-200L, 12.375, "PUMP1", true), samples.stream().map(x -> x.value().raw()).toList());
            session.write(point("int16", "hr:0", DataType.INT16), Value.of(DataType.INT16, 42));
            assertEquals(42, image.getRegister(0).getValue());
        } finally {
            if (rtuSlave != null) {
                ModbusSlaveFactory.close(rtuSlave);
            }
        }
    }

    @Test
    void aUnitTheSlaveDoesNotServeIsBadWithTheSlavesExceptionNotAThrow() throws Exception {
        ModbusSession s = open(Map.of("unit", "7", "timeout", "200ms"));
        List<Sample> samples = s.read(List.of(point("int16", "hr:0", DataType.INT16)));
        assertFalse(samples.get(0).quality().isGood());
        // j2mod's slave answers for an unknown unit with an exception rather than silence
        assertEquals(Quality.Reason.DEVICE_EXCEPTION, samples.get(0).quality().reason());
        assertTrue(samples.get(0).quality().detail().contains("Modbus exception"), samples.get(0).quality()::detail);
        List<String> details = new ArrayList<>();
        samples.forEach(x -> details.add(x.quality().detail()));
        assertTrue(details.get(0).contains("unit 7"), details::toString);
    }
}
