package io.tidegate.engine.profile;

import java.util.List;

/**
 * The driver names a profile may use in a device's {@code driver:} field. This is the one list to
 * extend when a driver module is added.
 */
public final class KnownDrivers {

    /** Driver names, in the order error messages list them. */
    public static final List<String> NAMES = List.of("sim");

    private KnownDrivers() {
    }

    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }
}
