package io.tidegate.engine.profile;

import io.tidegate.api.DataType;
import io.tidegate.driver.modbus.ModbusProfileRules;
import io.tidegate.driver.modbus.ModbusSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The driver names a profile may use in a device's {@code driver:} field, and the driver-specific
 * checks of settings and point addresses that run at load time. This is the one place to extend
 * when a driver module is added.
 */
public final class KnownDrivers {

    /** Driver names, in the order error messages list them. */
    public static final List<String> NAMES = names();

    private KnownDrivers() {
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>(List.of("sim"));
        names.addAll(ModbusSettings.DRIVER_NAMES);
        names.add("opcua");
        return List.copyOf(names);
    }

    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }

    /** Device settings of a driver that name files; the loader resolves them against the profile's folder. */
    public static List<String> fileSettings(String driver) {
        return "opcua".equals(driver) ? List.of("passwordFile", "userCertificate", "userKey") : List.of();
    }

    /** What is wrong with a device's settings for its driver, or null. */
    static String settingsProblem(String driver, Map<String, String> settings) {
        if (ModbusProfileRules.isModbus(driver)) {
            return ModbusProfileRules.settingsProblem(driver, settings);
        }
        return null;
    }

    /**
     * What is wrong with a point's address for its device's driver, or null when it is fine (or the
     * driver checks its addresses only when it reads them).
     */
    static String addressProblem(String driver, Map<String, String> settings, String address, DataType type,
                                 boolean writable) {
        if (type.isArray()) {
            if (!"opcua".equals(driver)) {
                return "a " + type + " point reads a whole array, which only the opcua driver does; the " + driver
                        + " driver reads single values (declare the point " + type.elementType() + ")";
            }
            if (address.trim().startsWith("index=")) {
                return "index=N; reads one element, but the point is declared " + type + " (the whole array);"
                        + " drop index=N; or declare the point " + type.elementType();
            }
        }
        if (ModbusProfileRules.isModbus(driver)) {
            return ModbusProfileRules.addressProblem(driver, settings, address, type, writable);
        }
        if ("opcua".equals(driver)) {
            return OpcUaAddressSyntax.problem(address);
        }
        return null;
    }
}
