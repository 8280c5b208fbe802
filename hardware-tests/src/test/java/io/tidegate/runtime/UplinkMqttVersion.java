package io.tidegate.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MQTT versions the uplink speaks, for tests parameterised on them: sets a profile's
 * {@code uplink.mqttVersion} and names the protocol as Mosquitto's connection log line does.
 */
final class UplinkMqttVersion {
    /** Every version the uplink speaks, as written in a profile. */
    static final String[] ALL = {"3.1.1", "5"};

    private UplinkMqttVersion() {
    }

    /** Writes {@code mqttVersion} into the profile's uplink section; 3.1.1 is left as the default. */
    static Path set(Path profile, String version) throws IOException {
        if (!version.equals("3.1.1")) {
            Files.writeString(profile, Files.readString(profile).replace("\nuplink:\n",
                    "\nuplink:\n  mqttVersion: " + version + "\n"));
        }
        return profile;
    }

    /**
     * What Mosquitto logs for a clean-start client of this version, e.g. {@code (p5, c1,} in
     * "New client connected from ... as demo-station-01 (p5, c1, k30)": Mosquitto's own protocol
     * numbers, p2 for MQTT 3.1.1 and p5 for MQTT 5; c1 is clean session / clean start.
     */
    static String mosquittoConnectTag(String version) {
        return "(p" + (version.equals("5") ? 5 : 2) + ", c1,";
    }
}
