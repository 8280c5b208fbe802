package io.tidegate.driver.modbus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Modbus device's settings (the profile's {@code settings:} of a device), parsed and checked.
 * See docs/modbus.md for the table; every error names the setting and what is allowed.
 */
public record ModbusSettings(Transport transport, String host, int port, String serialPort, int baud, Parity parity,
                             int dataBits, int stopBits, boolean rs485, boolean rs485TxActiveHigh,
                             int rs485DelayBeforeMicros, int rs485DelayAfterMicros, int unit, Duration timeout,
                             int retries, Duration backoff, int maxGap, int maxRegisters, int maxBits,
                             WordOrder order, int addressBase, boolean verifyWrites, boolean writeMultiple) {

    /** The three driver names, one per transport. */
    public enum Transport {
        TCP("modbus-tcp"), RTU("modbus-rtu"), RTU_OVER_TCP("modbus-rtu-over-tcp");

        private final String driverName;

        Transport(String driverName) {
            this.driverName = driverName;
        }

        public String driverName() {
            return driverName;
        }

        /** True when frames carry a CRC (serial line, or a serial device server passing them through). */
        public boolean isRtu() {
            return this != TCP;
        }

        public static Transport byDriverName(String name) {
            for (Transport t : values()) {
                if (t.driverName.equals(name)) {
                    return t;
                }
            }
            return null;
        }
    }

    public enum Parity { NONE, EVEN, ODD }

    /** Driver names, for the profile's list of known drivers. */
    public static final List<String> DRIVER_NAMES = List.of("modbus-tcp", "modbus-rtu", "modbus-rtu-over-tcp");

    private static final Set<String> COMMON = Set.of("unit", "timeout", "retries", "backoff", "maxGap",
            "maxRegisters", "maxBits", "order", "addressBase", "verifyWrites", "writeMultiple");
    private static final Set<String> NETWORK = Set.of("host", "port");
    private static final Set<String> SERIAL = Set.of("serialPort", "baud", "parity", "dataBits", "stopBits", "rs485",
            "rs485TxActiveHigh", "rs485DelayBefore", "rs485DelayAfter");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|us)");

    /** A TCP or RTU-over-TCP device with the defaults, for the CLI and tests. */
    public static ModbusSettings network(Transport transport, String host, int port, int unit) {
        return parse(transport.driverName(), Map.of("host", host, "port", Integer.toString(port),
                "unit", Integer.toString(unit)));
    }

    /**
     * Parses a device's settings.
     *
     * @param driver one of {@link #DRIVER_NAMES}
     * @throws IllegalArgumentException naming the setting, the value and what is allowed
     */
    public static ModbusSettings parse(String driver, Map<String, String> s) {
        Transport transport = Transport.byDriverName(driver);
        if (transport == null) {
            throw new IllegalArgumentException("'" + driver + "' is not a Modbus driver; use one of " + DRIVER_NAMES);
        }
        List<String> allowed = new ArrayList<>(COMMON);
        allowed.addAll(transport == Transport.RTU ? SERIAL : NETWORK);
        for (String key : s.keySet()) {
            if (!allowed.contains(key)) {
                String where = SERIAL.contains(key) ? " (serial settings belong to driver modbus-rtu)"
                        : NETWORK.contains(key) ? " (host and port belong to modbus-tcp and modbus-rtu-over-tcp;"
                        + " a serial line is serialPort)" : "";
                throw new IllegalArgumentException("unknown setting '" + key + "' for " + driver + where
                        + "; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        String host = null;
        int port = 0;
        String serialPort = null;
        if (transport == Transport.RTU) {
            serialPort = text(s, "serialPort");
            if (serialPort == null) {
                throw new IllegalArgumentException("setting 'serialPort' is missing: the serial line, e.g. /dev/ttyUSB0");
            }
        } else {
            host = text(s, "host");
            if (host == null) {
                throw new IllegalArgumentException("setting 'host' is missing: the device's (or serial device"
                        + " server's) name or IP address");
            }
            port = integer(s, "port", 502, 1, 65535, "a TCP port");
        }
        int baud = integer(s, "baud", 9600, 300, 4_000_000, "bits per second, e.g. 9600, 19200, 115200");
        Parity parity = Parity.EVEN;
        String parityText = text(s, "parity");
        if (parityText != null) {
            try {
                parity = Parity.valueOf(parityText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("setting 'parity' = '" + parityText + "': allowed none, even, odd");
            }
        }
        int dataBits = integer(s, "dataBits", 8, 7, 8, "7 or 8");
        int stopBits = integer(s, "stopBits", parity == Parity.NONE ? 2 : 1, 1, 2, "1 or 2");
        boolean rs485 = bool(s, "rs485", false);
        boolean rs485High = bool(s, "rs485TxActiveHigh", true);
        int before = (int) duration(s, "rs485DelayBefore", Duration.ZERO, Duration.ofMillis(100)).toNanos() / 1000;
        int after = (int) duration(s, "rs485DelayAfter", Duration.ZERO, Duration.ofMillis(100)).toNanos() / 1000;
        // Unit 0 is broadcast on a serial line (no answer); over TCP many gateways use 0 or 255 for "this device".
        int unit = transport == Transport.RTU ? integer(s, "unit", 1, 1, 247, "a slave address 1-247")
                : integer(s, "unit", 1, 0, 255, "a unit id 0-255");
        Duration timeout = duration(s, "timeout", Duration.ofSeconds(1), Duration.ofSeconds(60));
        if (timeout.isZero()) {
            throw new IllegalArgumentException("setting 'timeout' must be above 0, e.g. 500ms");
        }
        int retries = integer(s, "retries", 2, 0, 10, "how many times a failed request is repeated, 0-10");
        Duration backoff = duration(s, "backoff", Duration.ofMillis(100), Duration.ofSeconds(30));
        int maxGap = integer(s, "maxGap", 10, 0, ModbusAddress.MAX_BITS, "registers (or bits) a read may span"
                + " that no point needs, to save a request");
        int maxRegisters = integer(s, "maxRegisters", ModbusAddress.MAX_REGISTERS, 1, ModbusAddress.MAX_REGISTERS,
                "registers per read request, 1-125 (some devices take fewer)");
        int maxBits = integer(s, "maxBits", ModbusAddress.MAX_BITS, 1, ModbusAddress.MAX_BITS,
                "coils or inputs per read request, 1-2000");
        WordOrder order = WordOrder.ABCD;
        String orderText = text(s, "order");
        if (orderText != null) {
            order = WordOrder.byName(orderText);
            if (order == null) {
                throw new IllegalArgumentException("setting 'order' = '" + orderText + "': allowed ABCD, CDAB, BADC,"
                        + " DCBA");
            }
        }
        int addressBase = integer(s, "addressBase", 0, 0, 1, "0 (protocol addresses, hr:0 is the first register)"
                + " or 1 (register numbers, hr:1 is the first)");
        boolean verify = bool(s, "verifyWrites", false);
        boolean writeMultiple = bool(s, "writeMultiple", false);
        return new ModbusSettings(transport, host, port, serialPort, baud, parity, dataBits, stopBits, rs485,
                rs485High, before, after, unit, timeout, retries, backoff, maxGap, maxRegisters, maxBits, order,
                addressBase, verify, writeMultiple);
    }

    /** A copy for another unit on the same line or gateway (the CLI's scan). */
    public ModbusSettings withUnit(int newUnit) {
        return new ModbusSettings(transport, host, port, serialPort, baud, parity, dataBits, stopBits, rs485,
                rs485TxActiveHigh, rs485DelayBeforeMicros, rs485DelayAfterMicros, newUnit, timeout, retries, backoff,
                maxGap, maxRegisters, maxBits, order, addressBase, verifyWrites, writeMultiple);
    }

    /** A copy with another timeout and retry count (the CLI's scan). */
    public ModbusSettings withTimeout(Duration newTimeout, int newRetries) {
        return new ModbusSettings(transport, host, port, serialPort, baud, parity, dataBits, stopBits, rs485,
                rs485TxActiveHigh, rs485DelayBeforeMicros, rs485DelayAfterMicros, unit, newTimeout, newRetries,
                backoff, maxGap, maxRegisters, maxBits, order, addressBase, verifyWrites, writeMultiple);
    }

    /** Where the device is, for messages: host:port or the serial port with its line settings. */
    public String endpoint() {
        return transport == Transport.RTU
                ? serialPort + " " + baud + " " + parity.name().charAt(0) + dataBits + stopBits
                : host + ":" + port;
    }

    /** Bits on the wire per character: start + data + parity + stop. */
    public int bitsPerCharacter() {
        return 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stopBits;
    }

    /**
     * The silent interval that ends a frame, t3.5, in nanoseconds: 3.5 characters, but fixed at
     * 1750 µs above 19200 baud as the Modbus serial line specification says.
     */
    public long t35Nanos() {
        return baud > 19200 ? 1_750_000L : (long) (3.5 * bitsPerCharacter() * 1e9 / baud);
    }

    /** The longest silence allowed inside a frame, t1.5: fixed at 750 µs above 19200 baud. */
    public long t15Nanos() {
        return baud > 19200 ? 750_000L : (long) (1.5 * bitsPerCharacter() * 1e9 / baud);
    }

    private static String text(Map<String, String> s, String key) {
        String v = s.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static int integer(Map<String, String> s, String key, int fallback, int min, int max, String meaning) {
        String v = text(s, key);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("setting '" + key + "' = '" + v + "' must be a whole number from " + min
                + " to " + max + " (" + meaning + ")");
    }

    private static boolean bool(Map<String, String> s, String key, boolean fallback) {
        String v = text(s, key);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("setting '" + key + "' = '" + v + "' must be true or false");
        };
    }

    private static Duration duration(Map<String, String> s, String key, Duration fallback, Duration max) {
        String v = text(s, key);
        if (v == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("setting '" + key + "' = '" + v + "' is not a duration; write e.g."
                    + " 500ms or 2s");
        }
        double amount = Double.parseDouble(m.group(1));
        long nanos = (long) (amount * switch (m.group(2)) {
            case "s" -> 1e9;
            case "ms" -> 1e6;
            default -> 1e3;
        });
        Duration d = Duration.ofNanos(nanos);
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException("setting '" + key + "' = '" + v + "' is too long; at most "
                    + max.toMillis() + "ms");
        }
        return d;
    }
}
