package io.tidegate.engine.profile;

import java.util.List;

/**
 * The driver names a profile may use in a device's {@code driver:} field. This is the one list to
 * extend when a driver module is added.
 */
public final class KnownDrivers {

    /** Driver names, in the order error messages list them. */
    public static final List<String> NAMES = List.of("sim", "opcua");

    private KnownDrivers() {
    }

    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }

    /** Device settings of a driver that name files; the loader resolves them against the profile's folder. */
    public static List<String> fileSettings(String driver) {
        return "opcua".equals(driver) ? List.of("passwordFile", "userCertificate", "userKey") : List.of();
    }

    /**
     * What is wrong with a point address for a driver whose addresses have a fixed syntax, or null
     * when it is fine (or the driver checks its addresses only when it reads them).
     */
    public static String addressProblem(String driver, String address) {
        if ("opcua".equals(driver)) {
            return OpcUaAddressSyntax.problem(address);
        }
        return null;
    }
}
