package io.tidegate.engine.profile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how the gateway forwards its data.
 *
 * @param type          {@value #SPARKPLUG} (Sparkplug B, the default) or {@value #JSON} (plain JSON)
 * @param host          the MQTT broker's host name or address
 * @param port          the broker's port, 1..65535 (default 1883, or 8883 with TLS)
 * @param clientId      the MQTT client id (defaults to the gateway id)
 * @param keepAlive     MQTT keep-alive, whole seconds
 * @param username      MQTT user name, or null
 * @param passwordFile  file holding the MQTT password (resolved against the profile's folder), or null.
 *                      A profile never holds a password itself.
 * @param tls           TLS settings, or null for plain TCP
 * @param primaryHostId the Sparkplug primary host whose STATE gates publishing, or null
 * @param failover      further brokers ({@code host} or {@code host:port}), tried in order after {@code host}
 * @param mqttVersion   {@value #MQTT_3_1_1} (the default) or {@value #MQTT_5}
 */
public record UplinkConfig(String type, String host, int port, String clientId, Duration keepAlive, String username,
                           Path passwordFile, TlsConfig tls, String primaryHostId, List<String> failover,
                           String mqttVersion) {

    public static final String SPARKPLUG = "sparkplug";
    public static final String JSON = "json";
    public static final int DEFAULT_PORT = 1883;
    public static final int DEFAULT_TLS_PORT = 8883;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    public static final String MQTT_3_1_1 = "3.1.1";
    public static final String MQTT_5 = "5";

    public UplinkConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(keepAlive, "keepAlive");
        failover = failover == null ? List.of() : List.copyOf(failover);
        mqttVersion = mqttVersion == null ? MQTT_3_1_1 : mqttVersion;
    }

    /** MQTT 3.1.1. */
    public UplinkConfig(String type, String host, int port, String clientId, Duration keepAlive, String username,
                        Path passwordFile, TlsConfig tls, String primaryHostId, List<String> failover) {
        this(type, host, port, clientId, keepAlive, username, passwordFile, tls, primaryHostId, failover, MQTT_3_1_1);
    }

    /** Plain TCP, no primary host. */
    public UplinkConfig(String type, String host, int port, String clientId, Duration keepAlive, String username,
                        Path passwordFile) {
        this(type, host, port, clientId, keepAlive, username, passwordFile, null, null, List.of());
    }

    /**
     * TLS to the broker (section {@code uplink.tls} of a profile). Paths are resolved against the
     * profile's folder.
     *
     * @param caFile          PEM CA certificate(s) the broker must chain to; null for the system trust store
     * @param certFile        PEM client certificate for mutual TLS, or null
     * @param keyFile         client key: PEM PKCS#8 (with certFile) or a PKCS#12 bundle (.p12/.pfx); owner-only
     * @param keyPasswordFile the PKCS#12 bundle's password file, or null; owner-only
     * @param verifyHostname  whether the broker's certificate must name the host (default true)
     */
    public record TlsConfig(Path caFile, Path certFile, Path keyFile, Path keyPasswordFile, boolean verifyHostname) {
    }
}
