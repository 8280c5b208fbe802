package io.tidegate.engine.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the gateway forwards its data.
 *
 * @param type         the uplink type; today always {@value #SPARKPLUG}
 * @param host         the MQTT broker's host name or address
 * @param port         the broker's port, 1..65535
 * @param clientId     the MQTT client id (defaults to the gateway id)
 * @param keepAlive    MQTT keep-alive, whole seconds
 * @param username     MQTT user name, or null
 * @param passwordFile file holding the MQTT password (resolved against the profile's folder), or null.
 *                     A profile never holds a password itself.
 */
public record UplinkConfig(String type, String host, int port, String clientId, Duration keepAlive, String username,
                           Path passwordFile) {

    public static final String SPARKPLUG = "sparkplug";
    public static final int DEFAULT_PORT = 1883;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);

    public UplinkConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(keepAlive, "keepAlive");
    }
}
