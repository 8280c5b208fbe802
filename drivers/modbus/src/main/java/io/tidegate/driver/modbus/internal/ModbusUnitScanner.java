package io.tidegate.driver.modbus.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.DeviceDiscovery;
import io.tidegate.api.Driver;
import io.tidegate.api.DriverException;
import io.tidegate.api.Quality;
import io.tidegate.driver.modbus.ModbusAddress;
import io.tidegate.driver.modbus.ModbusSettings;
import org.osgi.service.component.annotations.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds which unit ids answer on a Modbus line: asks each unit of a range for one register (or bit),
 * on its own connection or serial port, never through a running device's session. A Modbus exception
 * is an answer too (the unit is there, it just has no such address), except the gateway exceptions 0A
 * and 0B, by which a TCP gateway says the unit behind it is missing. A silent unit costs the
 * per-unit timeout, so the whole scan is also bounded in time; what was not tried is said.
 */
@Component(service = DeviceDiscovery.class, property = {
        Driver.NAME_PROPERTY + "=modbus-tcp", Driver.NAME_PROPERTY + "=modbus-rtu",
        Driver.NAME_PROPERTY + "=modbus-rtu-over-tcp"})
public final class ModbusUnitScanner implements DeviceDiscovery {
    static final String DRIVER = "driver";
    static final String FROM = "from";
    static final String TO = "to";
    static final String PROBE = "probe";
    static final String MAX_SECONDS = "maxSeconds";
    /** A missing unit costs the timeout: 200 ms keeps a full scan of 247 units under a minute. */
    static final String DEFAULT_UNIT_TIMEOUT = "200ms";
    static final int DEFAULT_MAX_SECONDS = 60;
    static final int LIMIT_MAX_SECONDS = 600;

    @Override
    public Description describe() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(DRIVER, "modbus-tcp, modbus-rtu or modbus-rtu-over-tcp");
        p.put("host", "the device's or serial server's address (TCP)");
        p.put("port", "TCP port, default 502");
        p.put("serialPort", "the serial line, e.g. /dev/ttyUSB0 (modbus-rtu; not while the gateway polls it)");
        p.put("baud", "bits per second, default 9600 (modbus-rtu)");
        p.put("parity", "none, even (default) or odd (modbus-rtu)");
        p.put(FROM, "first unit id, default 1");
        p.put(TO, "last unit id, default 247");
        p.put(PROBE, "what each unit is asked for, default hr:0");
        p.put("timeout", "how long to wait for each unit, default " + DEFAULT_UNIT_TIMEOUT);
        p.put(MAX_SECONDS, "the whole scan stops after this many seconds, default " + DEFAULT_MAX_SECONDS);
        return new Description("scan unit ids", p);
    }

    @Override
    public Result discover(Map<String, String> parameters, Consumer<Progress> progress) throws DriverException {
        Map<String, String> settingsText = new HashMap<>(parameters);
        String driver = remove(settingsText, DRIVER, "modbus-tcp");
        int from = integer(remove(settingsText, FROM, "1"), FROM, 0, 255);
        int to = integer(remove(settingsText, TO, "247"), TO, 0, 255);
        if (from > to) {
            throw new DriverException(Quality.Reason.CONFIG_ERROR, "'from' (" + from + ") is above 'to' (" + to + ")");
        }
        String probe = remove(settingsText, PROBE, "hr:0");
        int maxSeconds = integer(remove(settingsText, MAX_SECONDS, Integer.toString(DEFAULT_MAX_SECONDS)), MAX_SECONDS,
                1, LIMIT_MAX_SECONDS);
        settingsText.putIfAbsent("timeout", DEFAULT_UNIT_TIMEOUT);
        settingsText.put("retries", "0"); // a unit that does not answer at once is reported as silent
        settingsText.remove("unit");
        ModbusSettings settings;
        ModbusAddress address;
        try {
            settings = ModbusSettings.parse(driver, settingsText);
            address = ModbusAddress.parse(probe, probe.startsWith("co") || probe.startsWith("di") ? DataType.BOOL
                    : DataType.UINT16, 0, settings.order());
        } catch (IllegalArgumentException e) {
            throw new DriverException(Quality.Reason.CONFIG_ERROR, e.getMessage());
        }
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(maxSeconds).toNanos();
        int total = to - from + 1;
        List<Finding> found = new ArrayList<>();
        int tried = 0;
        try (ModbusLink link = open(settings)) {
            Pdu pdu = Pdu.read(address.area(), address.offset(), 1);
            for (int unit = from; unit <= to && System.nanoTime() < deadline; unit++) {
                Finding finding = probe(link, pdu, unit, settings.timeout(), tried == 0);
                tried++;
                if (finding != null) {
                    found.add(finding);
                }
                progress.accept(new Progress(tried, total, finding));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean complete = tried == total;
        String note = complete ? "" : "stopped after " + maxSeconds + " s at unit " + (from + tried - 1)
                + "; units " + (from + tried) + "-" + to + " were not tried (raise maxSeconds or scan from "
                + (from + tried) + ")";
        return new Result(found, tried, Duration.ofNanos(System.nanoTime() - start), complete, note);
    }

    /**
     * One unit: a finding when it answered (a Modbus exception included), null when it was silent.
     * When the very first unit cannot even be connected to, the line itself is unusable: said at once.
     */
    private static Finding probe(ModbusLink link, Pdu pdu, int unit, Duration timeout, boolean first)
            throws DriverException, InterruptedException {
        try {
            pdu.check(link.exchange(unit, pdu, timeout), unit);
            return new Finding(Integer.toString(unit), "", Map.of("answer", "value"));
        } catch (ModbusFault f) {
            return switch (f.kind()) {
                // 0A/0B: a TCP gateway saying the unit behind it is not there (or did not answer).
                case EXCEPTION -> f.exceptionCode() == 0x0A || f.exceptionCode() == 0x0B ? null : new Finding(Integer.toString(unit), "", Map.of("answer", "exception",
                        "detail", String.valueOf(f.getMessage())));
                case TIMEOUT -> null;
                case CONNECTION -> {
                    if (first) {
                        throw new DriverException(Quality.Reason.COMM_FAILURE, "cannot reach " + link.endpoint() + ": " + f.getMessage());
                    }
                    yield null;
                }
                default -> new Finding(Integer.toString(unit), "", Map.of("answer", "garbled",
                        "detail", String.valueOf(f.getMessage())));
            };
        }
    }

    private static ModbusLink open(ModbusSettings s) {
        return switch (s.transport()) {
            case TCP -> new TcpLink(s.host(), s.port());
            case RTU_OVER_TCP -> new RtuLink(new SocketLine(s.host(), s.port(), (int) s.timeout().toMillis()), 1_750_000);
            case RTU -> new RtuLink(new SerialLine(s), s.t35Nanos());
        };
    }

    private static String remove(Map<String, String> map, String key, String fallback) {
        String value = map.remove(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int integer(String text, String name, int min, int max) throws DriverException {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new DriverException(Quality.Reason.CONFIG_ERROR, "'" + name + "' = '" + text + "': give a whole number from " + min + " to " + max);
    }
}
