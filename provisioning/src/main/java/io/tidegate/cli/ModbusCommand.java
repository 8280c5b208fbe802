package io.tidegate.cli;

import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DriverException;
import io.tidegate.driver.modbus.ModbusProfileRules;
import io.tidegate.driver.modbus.ModbusSettings;
import io.tidegate.driver.modbus.internal.ModbusTool;
import io.tidegate.engine.profile.ProfileException;
import io.tidegate.engine.profile.ProfileLoader;
import io.tidegate.engine.profile.SiteProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tidegate modbus}: talk to Modbus devices on site, before (or without) a profile. */
@Command(name = "modbus", description = "Read registers, find units on a line, show a profile's read plan.",
        subcommands = {ModbusCommand.Read.class, ModbusCommand.Scan.class, ModbusCommand.Plan.class},
        mixinStandardHelpOptions = true)
final class ModbusCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where the device is: TCP, RTU over TCP, or a serial line. */
    static final class Line {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--tcp", paramLabel = "HOST[:PORT]", description = "Modbus TCP device or gateway (port 502 by default).")
            String tcp;
            @Option(names = "--rtu-over-tcp", paramLabel = "HOST:PORT", description = "Serial device server passing RTU frames.")
            String rtuOverTcp;
            @Option(names = "--serial", paramLabel = "PORT", description = "Serial port, e.g. /dev/ttyUSB0 (RTU).")
            String serial;
        }

        @Option(names = "--baud", defaultValue = "9600", description = "Serial speed (default ${DEFAULT-VALUE}).")
        int baud;
        @Option(names = "--parity", defaultValue = "even", description = "none, even or odd (default ${DEFAULT-VALUE}).")
        String parity;
        @Option(names = "--data-bits", defaultValue = "8")
        int dataBits;
        @Option(names = "--stop-bits", description = "1 or 2 (default: 1, or 2 with no parity).")
        Integer stopBits;
        @Option(names = "--rs485", description = "Let the port drive an RS-485 transceiver's transmit enable.")
        boolean rs485;
        @Option(names = "--timeout", defaultValue = "1s", description = "Answer timeout (default ${DEFAULT-VALUE}).")
        String timeout;
        @Option(names = "--order", defaultValue = "ABCD", description = "Byte/word order: ABCD, CDAB, BADC, DCBA.")
        String order;
        @Option(names = "--address-base", defaultValue = "0", description = "0: hr:0 is the first register; 1: hr:1 is.")
        int addressBase;

        /** The settings a profile would have for this line, checked by the same rules. */
        ModbusSettings settings(int unit, int retries) {
            Map<String, String> s = new LinkedHashMap<>();
            String driver;
            if (target.serial != null) {
                driver = "modbus-rtu";
                s.put("serialPort", target.serial);
                s.put("baud", Integer.toString(baud));
                s.put("parity", parity);
                s.put("dataBits", Integer.toString(dataBits));
                if (stopBits != null) {
                    s.put("stopBits", Integer.toString(stopBits));
                }
                if (rs485) {
                    s.put("rs485", "true");
                }
            } else {
                String hostPort = target.tcp != null ? target.tcp : target.rtuOverTcp;
                driver = target.tcp != null ? "modbus-tcp" : "modbus-rtu-over-tcp";
                int colon = hostPort.lastIndexOf(':');
                s.put("host", colon > 0 ? hostPort.substring(0, colon) : hostPort);
                if (colon > 0) {
                    s.put("port", hostPort.substring(colon + 1));
                }
            }
            s.put("unit", Integer.toString(unit));
            s.put("timeout", timeout);
            s.put("retries", Integer.toString(retries));
            s.put("order", order);
            s.put("addressBase", Integer.toString(addressBase));
            return ModbusSettings.parse(driver, s);
        }
    }

    @Command(name = "read", description = "Read registers or bits and print each value, or why it is bad.",
            mixinStandardHelpOptions = true)
    static final class Read implements Callable<Integer> {
        @Mixin
        Line line;
        @Option(names = {"-u", "--unit"}, defaultValue = "1", description = "Unit (slave) id (default ${DEFAULT-VALUE}).")
        int unit;
        @Option(names = {"-a", "--area"}, description = "coil, discrete, input or holding; leave out with a 40001-style address.")
        String area;
        @Parameters(index = "0", paramLabel = "ADDRESS", description = "First address: 0 (with --area), hr:0, 40001, ir:10:CDAB, hr:5.3")
        String address;
        @Option(names = {"-n", "--count"}, defaultValue = "1", description = "How many values (default ${DEFAULT-VALUE}).")
        int count;
        @Option(names = {"-t", "--type"}, defaultValue = "UINT16", description = "BOOL, INT16, UINT16, INT32, UINT32, INT64, FLOAT32, FLOAT64, STRING (default ${DEFAULT-VALUE}).")
        String type;
        @Option(names = "--retries", defaultValue = "0")
        int retries;
        @Option(names = {"-l", "--length"}, description = "A STRING's length in registers (two characters each).")
        Integer length;

        @Override
        public Integer call() throws Exception {
            DataType dataType;
            try {
                dataType = DataType.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                System.err.println("tidegate modbus read: '" + type + "' is not a type; allowed: BOOL, INT16, UINT16,"
                        + " INT32, UINT32, INT64, FLOAT32, FLOAT64, STRING");
                return 2;
            }
            String start = area != null ? area + ":" + address : address;
            if (length != null && !start.contains("[")) {
                start = start.replaceFirst("^([^:]*:[0-9x]+(?:\\.\\d+)?|\\d+)", "$1[" + length + "]");
            }
            try (ModbusTool tool = ModbusTool.open(line.settings(unit, retries))) {
                List<String> lines = tool.read(start, dataType, count);
                lines.forEach(System.out::println);
                return lines.stream().anyMatch(l -> l.contains(" BAD ")) ? 1 : 0;
            } catch (IllegalArgumentException e) {
                System.err.println("tidegate modbus read: " + e.getMessage());
                return 2;
            } catch (DriverException e) {
                System.err.println("tidegate modbus read: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "scan", description = "Find which unit ids answer on a serial line or behind a TCP gateway.",
            mixinStandardHelpOptions = true)
    static final class Scan implements Callable<Integer> {
        @Mixin
        Line line;
        @Option(names = "--from", defaultValue = "1")
        int from;
        @Option(names = "--to", defaultValue = "247")
        int to;
        @Option(names = "--probe", defaultValue = "hr:0", description = "What each unit is asked for (default ${DEFAULT-VALUE}); an exception answer counts as present.")
        String probe;

        @Override
        public Integer call() throws Exception {
            if (from < 0 || to > 255 || from > to) {
                System.err.println("tidegate modbus scan: --from/--to must be unit ids with from <= to (0-255)");
                return 2;
            }
            if (line.timeout.equals("1s")) {
                line.timeout = "200ms"; // a missing unit costs the timeout: keep a full scan under a minute
            }
            ModbusSettings settings;
            io.tidegate.driver.modbus.ModbusAddress probeAddress;
            try {
                settings = line.settings(Math.max(1, from), 0);
                probeAddress = io.tidegate.driver.modbus.ModbusAddress.parse(probe,
                        probe.startsWith("co") || probe.startsWith("di") ? DataType.BOOL : DataType.UINT16, 0,
                        settings.order());
            } catch (IllegalArgumentException e) {
                System.err.println("tidegate modbus scan: " + e.getMessage());
                return 2;
            }
            List<String> found = new ArrayList<>();
            // a bar on a terminal, plain lines in a pipe or a log
            Progress progress = Progress.onStderr("scanning " + settings.endpoint(), to - from + 1);
            try (ModbusTool tool = ModbusTool.open(settings)) {
                for (int unit = from; unit <= to; unit++) {
                    ModbusTool.Probe p = tool.probe(unit, probeAddress.area(), probeAddress.offset());
                    if (p != ModbusTool.Probe.SILENT) {
                        found.add(unit + (p == ModbusTool.Probe.ANSWERED ? "" : " (" + p.name().toLowerCase(Locale.ROOT) + ")"));
                    }
                    progress.step("unit " + unit + "/" + to + ", found: " + (found.isEmpty() ? "none" : String.join(", ", found)));
                }
            }
            progress.finish();
            if (found.isEmpty()) {
                System.out.println("no unit answered on " + settings.endpoint());
                return 1;
            }
            System.out.println("units answering on " + settings.endpoint() + ": " + String.join(", ", found));
            return 0;
        }
    }

    @Command(name = "plan", description = "Show the read requests each poll of each Modbus device makes.",
            mixinStandardHelpOptions = true)
    static final class Plan implements Callable<Integer> {
        @Parameters(paramLabel = "PROFILE", description = "The site profile (YAML).")
        Path profile;

        @Override
        public Integer call() {
            SiteProfile site;
            try {
                site = ProfileLoader.load(profile);
            } catch (ProfileException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            int shown = 0;
            for (Device d : site.devices()) {
                if (ModbusProfileRules.isModbus(d.driver())) {
                    System.out.println(d.id() + " (" + d.driver() + " " + ModbusSettings.parse(d.driver(),
                            d.settings()).endpoint() + "):");
                    System.out.print(ModbusTool.plan(d));
                    shown++;
                }
            }
            if (shown == 0) {
                System.out.println(profile + " has no Modbus devices");
            }
            return 0;
        }
    }

}
