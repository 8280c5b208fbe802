package io.tidegate.cli.provision;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code --device} option of {@code tidegate provision}:
 * {@code id=meter1,driver=modbus-tcp,csv=maps/meter.csv,host=10.0.0.5,unit=1}. {@code id},
 * {@code driver} and {@code csv} are required; {@code interval} is the device's poll interval;
 * every other key goes to the device's {@code settings:} as written.
 *
 * @param id       device id
 * @param driver   driver name (modbus-tcp, modbus-rtu, opcua, sim, ...)
 * @param csv      the register map to copy next to the profile
 * @param interval poll interval such as {@code 5s}, or null for the default
 * @param settings the driver's settings, in the order given
 */
public record DeviceSpec(String id, String driver, Path csv, String interval, Map<String, String> settings) {

    /**
     * Parses the option's text.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static DeviceSpec parse(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--device '" + text + "': '" + part.trim() + "' is not key=value"
                        + " (e.g. id=meter1,driver=modbus-tcp,csv=meter.csv,host=10.0.0.5)");
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (pairs.put(key, value) != null) {
                throw new IllegalArgumentException("--device '" + text + "': " + key + " is given twice");
            }
        }
        String id = required(pairs, "id", text);
        String driver = required(pairs, "driver", text);
        Path csv = Path.of(required(pairs, "csv", text));
        String interval = pairs.remove("interval");
        return new DeviceSpec(id, driver, csv, interval, pairs);
    }

    private static String required(Map<String, String> pairs, String key, String text) {
        String value = pairs.remove(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("--device '" + text + "' needs " + key + "=...");
        }
        return value;
    }
}
