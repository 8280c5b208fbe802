package io.tidegate.driver.modbus;

import io.tidegate.api.DataType;
import java.util.Map;

/**
 * What the profile loader asks before anything starts: are a Modbus device's settings and each of
 * its point addresses usable? Each method returns the problem in words, or null when fine.
 */
public final class ModbusProfileRules {
    private ModbusProfileRules() {
    }

    public static boolean isModbus(String driver) {
        return ModbusSettings.DRIVER_NAMES.contains(driver);
    }

    /** The problem with a device's settings, or null. */
    public static String settingsProblem(String driver, Map<String, String> settings) {
        try {
            ModbusSettings.parse(driver, settings);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The problem with one point's address, or null. Settings that do not parse fall back to the
     * defaults here (their own error is reported once, on the settings).
     */
    public static String addressProblem(String driver, Map<String, String> settings, String address, DataType type,
                                        boolean writable) {
        int base = 0;
        WordOrder order = WordOrder.ABCD;
        try {
            ModbusSettings s = ModbusSettings.parse(driver, settings);
            base = s.addressBase();
            order = s.order();
        } catch (IllegalArgumentException e) {
            // reported on the settings
        }
        try {
            ModbusAddress a = ModbusAddress.parse(address, type, base, order);
            if (writable && !a.area().isWritable()) {
                return "a " + a.area() + " cannot be written (only coils and holding registers can); make the point"
                        + " read-only";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
