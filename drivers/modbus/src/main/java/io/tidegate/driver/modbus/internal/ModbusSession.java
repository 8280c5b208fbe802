package io.tidegate.driver.modbus.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DeviceSession;
import io.tidegate.api.DriverException;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Quality.Reason;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import io.tidegate.driver.modbus.Area;
import io.tidegate.driver.modbus.ModbusAddress;
import io.tidegate.driver.modbus.ModbusSettings;
import io.tidegate.driver.modbus.internal.ReadPlanner.Item;
import io.tidegate.driver.modbus.internal.ReadPlanner.ReadPlan;
import io.tidegate.driver.modbus.internal.ReadPlanner.ReadRequest;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session with one Modbus unit. A read plans its points into block requests (cached until the
 * device teaches the planner something), sends them, and decodes each point from its block; a
 * failed block marks only its own points bad, with the reason.
 */
final class ModbusSession implements DeviceSession {
    private static final Logger LOG = System.getLogger(ModbusSession.class.getName());

    private final Device device;
    private final ModbusSettings settings;
    private final ModbusClient client;
    private final Runnable release;
    private final ReadPlanner planner;
    private final LearnedAddresses learned = new LearnedAddresses();
    private final Map<String, Object> addresses = new HashMap<>(); // point id -> ModbusAddress or error text
    private final Map<List<String>, CachedPlan> plans = new HashMap<>();
    private volatile boolean closed;

    private record CachedPlan(ReadPlan plan, int learnedVersion) {
    }

    ModbusSession(Device device, ModbusSettings settings, ModbusClient client, Runnable release) {
        this.device = device;
        this.settings = settings;
        this.client = client;
        this.release = release;
        this.planner = new ReadPlanner(settings.maxGap(), settings.maxRegisters(), settings.maxBits());
    }

    @Override
    public List<Sample> read(List<Point> points) throws DriverException {
        ensureOpen();
        Sample[] samples = new Sample[points.size()];
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            Object a = address(p);
            if (a instanceof ModbusAddress address) {
                items.add(new Item(i, address));
            } else {
                samples[i] = bad(p, Reason.CONFIG_ERROR, "address '" + p.address() + "': " + a, now());
            }
        }
        ReadPlan plan = plan(points, items);
        int answered = 0;
        ModbusFault unreachable = null;
        for (ReadRequest request : plan.requests()) {
            if (unreachable != null) {
                // The unit did not answer (or the connection failed) even after the retries: the
                // rest of this poll would only wait out the same timeouts, holding up a shared line.
                markBad(points, request.items(), new ModbusFault(unreachable.kind(), "not sent, the previous request"
                        + " failed: " + unreachable.getMessage()), samples);
                continue;
            }
            try {
                byte[] data = client.call(request.pdu());
                decode(points, request, data, samples);
                answered++;
            } catch (ModbusFault f) {
                if (f.isIllegalAddress() && request.items().size() > 1) {
                    readAlone(points, request, samples);
                    answered++;
                } else {
                    markBad(points, request.items(), f, samples);
                    if (f.kind() == ModbusFault.Kind.CONNECTION || f.kind() == ModbusFault.Kind.TIMEOUT) {
                        unreachable = f;
                    } else {
                        answered++;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DriverException(Reason.COMM_FAILURE, "read of " + device.id() + " interrupted");
            }
        }
        if (answered == 0 && unreachable != null && unreachable.kind() == ModbusFault.Kind.CONNECTION) {
            // Nothing got through: let the engine mark the batch and reopen the session.
            throw new DriverException(Reason.COMM_FAILURE, unreachable.getMessage());
        }
        return Arrays.asList(samples);
    }

    /** The requests one poll of these points makes, for installers ({@code tidegate modbus plan}) and logs. */
    String describePlan(List<Point> points) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (address(points.get(i)) instanceof ModbusAddress a) {
                items.add(new Item(i, a));
            }
        }
        return plan(points, items).describe();
    }

    private ReadPlan plan(List<Point> points, List<Item> items) {
        List<String> key = points.stream().map(Point::id).toList();
        CachedPlan cached = plans.get(key);
        if (cached == null || cached.learnedVersion() != learned.version()) {
            cached = new CachedPlan(planner.plan(items, learned), learned.version());
            plans.put(key, cached);
            LOG.log(Level.DEBUG, () -> "device " + device.id() + " read plan:\n" + plans.get(key).plan().describe());
        }
        return cached.plan();
    }

    /**
     * The device refused a block with exception 02: read each point of it on its own so the good
     * ones still get their value this poll, and learn what to avoid from now on.
     */
    private void readAlone(List<Point> points, ReadRequest block, Sample[] samples) throws DriverException {
        boolean anyRefused = false;
        for (Item item : block.items()) {
            ModbusAddress a = item.address();
            ReadRequest single = new ReadRequest(a.area(), a.offset(), a.count(), List.of(item));
            try {
                decode(points, single, client.call(single.pdu()), samples);
            } catch (ModbusFault f) {
                markBad(points, single.items(), f, samples);
                if (f.isIllegalAddress()) {
                    learned.isolate(a.area(), a.offset(), a.lastOffset());
                    anyRefused = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DriverException(Reason.COMM_FAILURE, "read of " + device.id() + " interrupted");
            }
        }
        if (!anyRefused) {
            // Every point reads alone, so the device refuses the addresses between them.
            int end = -1;
            for (Item item : block.items()) {
                ModbusAddress a = item.address();
                if (end >= 0 && a.offset() > end + 1) {
                    learned.refuseGap(a.area(), end + 1, a.offset() - 1);
                }
                end = Math.max(end, a.lastOffset());
            }
        }
        LOG.log(Level.INFO, "device {0}: {1} refused with exception 02; learned {2}", device.id(), block, learned);
    }

    private void decode(List<Point> points, ReadRequest request, byte[] data, Sample[] samples) {
        long now = now();
        for (Item item : request.items()) {
            Point p = points.get(item.index());
            ModbusAddress a = item.address();
            try {
                Value v;
                if (a.area().isBits()) {
                    int bit = a.offset() - request.start();
                    v = Value.ofBoolean(((data[bit / 8] >> (bit % 8)) & 1) == 1);
                } else {
                    v = RegisterCodec.decode(data, request.byteOffset(a), a, p.type());
                }
                samples[item.index()] = Sample.good(p.id(), v, now);
            } catch (IllegalArgumentException e) {
                samples[item.index()] = bad(p, Reason.OUT_OF_RANGE, a + ": " + e.getMessage(), now);
            }
        }
    }

    private void markBad(List<Point> points, List<Item> items, ModbusFault f, Sample[] samples) {
        long now = now();
        Reason reason = f.kind() == ModbusFault.Kind.EXCEPTION ? Reason.DEVICE_EXCEPTION : Reason.COMM_FAILURE;
        for (Item item : items) {
            Point p = points.get(item.index());
            samples[item.index()] = bad(p, reason, item.address() + ": " + f.getMessage(), now);
        }
    }

    @Override
    public void write(Point point, Value raw) throws DriverException {
        ensureOpen();
        Object parsed = address(point);
        if (!(parsed instanceof ModbusAddress a)) {
            throw new DriverException(Reason.CONFIG_ERROR, "address '" + point.address() + "': " + parsed);
        }
        if (!a.area().isWritable()) {
            throw new DriverException(Reason.CONFIG_ERROR, point.id() + " is a " + a.area() + ", which cannot be written");
        }
        try {
            byte[] expected;
            if (a.area() == Area.COIL) {
                boolean on = raw.asBoolean();
                client.call(settings.writeMultiple() ? Pdu.writeCoils(a.offset(), new boolean[] {on})
                        : Pdu.writeCoil(a.offset(), on));
                expected = new byte[] {(byte) (on ? 1 : 0)};
            } else if (a.bit() >= 0) {
                // Read-modify-write of one bit: not atomic against the device's own logic (documented).
                byte[] current = client.call(Pdu.read(Area.HOLDING_REGISTER, a.offset(), 1));
                int register = ((current[0] & 0xFF) << 8) | (current[1] & 0xFF);
                register = raw.asBoolean() ? register | (1 << a.bit()) : register & ~(1 << a.bit());
                expected = new byte[] {(byte) (register >> 8), (byte) register};
                client.call(settings.writeMultiple() ? Pdu.writeRegisters(a.offset(), expected)
                        : Pdu.writeRegister(a.offset(), expected));
            } else {
                expected = encode(point, a, raw);
                client.call(expected.length == 2 && !settings.writeMultiple()
                        ? Pdu.writeRegister(a.offset(), expected) : Pdu.writeRegisters(a.offset(), expected));
            }
            if (settings.verifyWrites()) {
                verify(point, a, expected);
            }
        } catch (ModbusFault f) {
            throw new DriverException(f.kind() == ModbusFault.Kind.EXCEPTION ? Reason.DEVICE_EXCEPTION
                    : Reason.COMM_FAILURE, "write of " + point.id() + " (" + a + "): " + f.getMessage(), f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(Reason.COMM_FAILURE, "write of " + point.id() + " interrupted");
        }
    }

    private static byte[] encode(Point point, ModbusAddress a, Value raw) throws DriverException {
        try {
            if (point.type() == DataType.FLOAT32 && Double.isFinite(raw.asDouble())
                    && Math.abs(raw.asDouble()) > Float.MAX_VALUE) {
                throw new IllegalArgumentException(raw + " is too large for a FLOAT32");
            }
            return RegisterCodec.encode(raw, a, point.type());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new DriverException(Reason.OUT_OF_RANGE, "cannot write " + raw + " to " + point.id() + " ("
                    + point.type() + "): " + e.getMessage());
        }
    }

    /** Reads the written registers back and compares them with what was sent. */
    private void verify(Point point, ModbusAddress a, byte[] expected) throws ModbusFault, InterruptedException,
            DriverException {
        Area area = a.area();
        byte[] back = client.call(Pdu.read(area, a.offset(), a.count()));
        boolean same = area.isBits() ? (back[0] & 1) == expected[0] : Arrays.equals(back, expected);
        if (!same) {
            throw new DriverException(Reason.DEVICE_EXCEPTION, "write of " + point.id() + " (" + a + ") not confirmed:"
                    + " read back a different value (the device may limit or refuse it silently)");
        }
    }

    private Object address(Point p) {
        return addresses.computeIfAbsent(p.id(), id -> {
            try {
                return ModbusAddress.parse(p.address(), p.type(), settings.addressBase(), settings.order());
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
    }

    private static Sample bad(Point p, Reason reason, String detail, long now) {
        return Sample.bad(p.id(), Quality.bad(reason, detail), now);
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    private void ensureOpen() throws DriverException {
        if (closed) {
            throw new DriverException(Reason.COMM_FAILURE, "session to " + device.id() + " is closed");
        }
    }

    ModbusClient client() {
        return client;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.run();
        }
    }
}
