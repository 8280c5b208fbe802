package io.tidegate.driver.modbus.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DriverException;
import io.tidegate.api.Point;
import io.tidegate.api.Sample;
import io.tidegate.driver.modbus.Area;
import io.tidegate.driver.modbus.ModbusAddress;
import io.tidegate.driver.modbus.ModbusSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the installer's CLI does with a Modbus line: read a few registers, find the units that
 * answer, show a read plan. It runs on a plain class path, outside OSGi, through the same
 * sessions, planner and framing as the gateway, so the CLI shows what the gateway will see.
 */
public final class ModbusTool implements AutoCloseable {
    /** What a unit did when probed. */
    public enum Probe { ANSWERED, EXCEPTION, SILENT, GARBLED }

    private final ModbusSettings settings;
    private final ModbusLink link;

    private ModbusTool(ModbusSettings settings, ModbusLink link) {
        this.settings = settings;
        this.link = link;
    }

    /** A tool on its own connection or serial port (not shared with a running gateway). */
    public static ModbusTool open(ModbusSettings s) {
        ModbusLink link = switch (s.transport()) {
            case TCP -> new TcpLink(s.host(), s.port());
            case RTU_OVER_TCP -> new RtuLink(new SocketLine(s.host(), s.port(), (int) s.timeout().toMillis()), 1_750_000);
            case RTU -> new RtuLink(new SerialLine(s), s.t35Nanos());
        };
        return new ModbusTool(s, link);
    }

    /**
     * Reads {@code count} consecutive values of one type, starting at an address.
     *
     * @param start an address in the profile's notation, e.g. {@code hr:0}, {@code 40001}, {@code ir:10:CDAB}
     * @return one line per value: address, value or the reason it is bad
     * @throws IllegalArgumentException when the address does not fit the type
     */
    public List<String> read(String start, DataType type, int count) throws DriverException {
        ModbusAddress first = ModbusAddress.parse(start, type, settings.addressBase(), settings.order());
        List<Point> points = new ArrayList<>();
        List<ModbusAddress> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ModbusAddress a = new ModbusAddress(first.area(), first.offset() + i * first.count(), first.bit(),
                    first.count(), first.order());
            if (a.lastOffset() > 0xFFFF) {
                break;
            }
            addresses.add(a);
            String text = a.area().shortName() + ":" + a.offset() + (a.bit() >= 0 ? "." + a.bit() : "")
                    + (type == DataType.STRING ? "[" + a.count() + "]" : "") + ":" + a.order();
            points.add(Point.simple("v" + i, "cli", text, type, Duration.ofSeconds(1)));
        }
        List<Sample> samples = session().read(points);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            ModbusAddress a = addresses.get(i);
            Sample s = samples.get(i);
            String modicon = a.offset() < 9999 ? a.area().modiconDigit() + String.format("%04d", a.offset() + 1)
                    : a.area().modiconDigit() + String.format("%05d", a.offset() + 1);
            lines.add(String.format("%-12s %-8s %-8s %s", a.area().shortName() + ":" + a.offset()
                    + (a.bit() >= 0 ? "." + a.bit() : ""), modicon, type, s.quality().isGood() ? s.value()
                    : "BAD " + s.quality().reason() + ": " + s.quality().detail()));
        }
        return lines;
    }

    /**
     * Asks one unit for one register (or bit) and says whether it answered. A Modbus exception is an
     * answer too: the unit is there, it just has no such address.
     */
    public Probe probe(int unit, Area area, int address) throws InterruptedException {
        Pdu pdu = Pdu.read(area, address, 1);
        try {
            pdu.check(link.exchange(unit, pdu, settings.timeout()), unit);
            return Probe.ANSWERED;
        } catch (ModbusFault f) {
            return switch (f.kind()) {
                case EXCEPTION -> Probe.EXCEPTION;
                case TIMEOUT, CONNECTION -> Probe.SILENT;
                default -> Probe.GARBLED;
            };
        }
    }

    /** The read plan of a device's points, one line per request. */
    public static String plan(Device device) {
        ModbusSettings s = ModbusSettings.parse(device.driver(), device.settings());
        ReadPlanner planner = new ReadPlanner(s.maxGap(), s.maxRegisters(), s.maxBits());
        StringBuilder out = new StringBuilder();
        java.util.Map<Duration, List<Point>> groups = new java.util.LinkedHashMap<>();
        for (Point p : device.points()) {
            groups.computeIfAbsent(p.pollInterval(), i -> new ArrayList<>()).add(p);
        }
        for (var group : groups.entrySet()) {
            List<ReadPlanner.Item> items = new ArrayList<>();
            List<Point> points = group.getValue();
            for (int i = 0; i < points.size(); i++) {
                items.add(new ReadPlanner.Item(i, ModbusAddress.parse(points.get(i).address(), points.get(i).type(),
                        s.addressBase(), s.order())));
            }
            ReadPlanner.ReadPlan plan = planner.plan(items, new LearnedAddresses());
            out.append(String.format("  every %s: %d points in %d requests, %d bytes on the wire per poll%n",
                    group.getKey().toMillis() + "ms", points.size(), plan.requests().size(),
                    plan.wireBytes(s.transport().isRtu())));
            for (ReadPlanner.ReadRequest r : plan.requests()) {
                out.append("    ").append(r).append(": ");
                out.append(String.join(", ", r.items().stream().map(it -> points.get(it.index()).id()).toList()));
                out.append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    /** Requests and bytes on the wire of one poll of some points. */
    public record PlanStats(int requests, long tcpBytes, long rtuBytes) {
    }

    /**
     * What one poll of these points costs under the device's settings, or with one request per
     * point (the naive baseline), for the benchmark.
     */
    public static PlanStats stats(List<Point> points, ModbusSettings s, boolean onePerPoint) {
        List<ReadPlanner.Item> items = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            items.add(new ReadPlanner.Item(i, ModbusAddress.parse(points.get(i).address(), points.get(i).type(),
                    s.addressBase(), s.order())));
        }
        ReadPlanner.ReadPlan plan;
        if (onePerPoint) {
            List<ReadPlanner.ReadRequest> requests = new ArrayList<>();
            for (ReadPlanner.Item it : items) {
                requests.add(new ReadPlanner.ReadRequest(it.address().area(), it.address().offset(), it.address().count(),
                        List.of(it)));
            }
            plan = new ReadPlanner.ReadPlan(requests);
        } else {
            plan = new ReadPlanner(s.maxGap(), s.maxRegisters(), s.maxBits()).plan(items, new LearnedAddresses());
        }
        return new PlanStats(plan.requests().size(), plan.wireBytes(false), plan.wireBytes(true));
    }

    /** A session on its own link for benchmarks: the engine's view of a device, without the engine. */
    public static io.tidegate.api.DeviceSession session(Device device) throws DriverException {
        return ModbusDriver.open(device, ModbusSettings.parse(device.driver(), device.settings()));
    }

    private ModbusSession session;

    private ModbusSession session() {
        if (session == null) {
            session = new ModbusSession(new Device("cli", settings.transport().driverName(), java.util.Map.of(),
                    List.of()), settings, new ModbusClient(link, settings), () -> { });
        }
        return session;
    }

    @Override
    public void close() {
        link.close();
    }
}
