package io.tidegate.uplink.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the Sparkplug B edge node (PID {@value SparkplugUplinkComponent#PID}). */
@ObjectClassDefinition(name = "Tidegate Sparkplug B uplink",
        description = "Forwards the store's samples to an MQTT broker as a Sparkplug B edge node.")
public @interface SparkplugConfig {

    @AttributeDefinition(description = "Broker host name or address.")
    String host();

    @AttributeDefinition(description = "Message encoding: sparkplug (Sparkplug B) or json (plain JSON for "
            + "platforms that do not speak Sparkplug; no commands).",
            options = {@Option(label = "Sparkplug B", value = "sparkplug"), @Option(label = "JSON", value = "json")})
    String encoding() default "sparkplug";

    @AttributeDefinition(description = "MQTT protocol version: 3.1.1 or 5 (clean start, session expiry 0; the "
            + "broker's Receive Maximum bounds the messages in flight; a PUBACK with a failure reason code is not a "
            + "delivery).",
            options = {@Option(label = "MQTT 3.1.1", value = "3.1.1"), @Option(label = "MQTT 5", value = "5")})
    String mqttVersion() default "3.1.1";

    @AttributeDefinition(description = "Broker TCP port.", min = "1", max = "65535")
    int port() default 1883;

    @AttributeDefinition(description = "Further brokers tried in order when the first cannot be reached, or on "
            + "Node Control/Next Server: host, or host:port (default: the port above); same TLS settings.",
            required = false)
    String[] failoverHosts() default {};

    @AttributeDefinition(description = "Sparkplug group id.")
    String groupId();

    @AttributeDefinition(description = "Sparkplug edge node id (the gateway id).")
    String edgeNodeId();

    @AttributeDefinition(description = "MQTT client id; empty means the edge node id.", required = false)
    String clientId() default "";

    @AttributeDefinition(description = "MQTT keep-alive in seconds.", min = "5")
    int keepAliveSeconds() default 30;

    @AttributeDefinition(description = "MQTT user name; empty for none.", required = false)
    String username() default "";

    @AttributeDefinition(description = "File holding the MQTT password (never the password itself); it must be "
            + "readable by its owner only (chmod 600).",
            required = false)
    String passwordFile() default "";

    @AttributeDefinition(description = "Connect with TLS (1.2 or 1.3). The broker is verified against caFile, "
            + "or the system trust store when caFile is empty.")
    boolean tls() default false;

    @AttributeDefinition(description = "PEM file of the CA certificate(s) the broker's certificate must chain to; "
            + "empty for the system trust store.", required = false)
    String caFile() default "";

    @AttributeDefinition(description = "PEM client certificate (chain) for mutual TLS; empty for none.",
            required = false)
    String certFile() default "";

    @AttributeDefinition(description = "Client private key for mutual TLS: unencrypted PKCS#8 PEM (with certFile) or "
            + "a PKCS#12 bundle (.p12/.pfx). Must be readable by its owner only (chmod 600).", required = false)
    String keyFile() default "";

    @AttributeDefinition(description = "File holding the PKCS#12 bundle's password; empty for none. Owner-only.",
            required = false)
    String keyPasswordFile() default "";

    @AttributeDefinition(description = "Check that the broker's certificate names the host connected to.")
    boolean verifyHostname() default true;

    @AttributeDefinition(description = "Sparkplug primary host id: while its STATE is offline, data stays in "
            + "the store. Empty for none.", required = false)
    String primaryHostId() default "";

    @AttributeDefinition(description = "Directory where the uplink keeps its state (bdSeq).")
    String dataDir();

    @AttributeDefinition(description = "First reconnect delay in milliseconds.", min = "10")
    long reconnectMinMillis() default 1000;

    @AttributeDefinition(description = "Longest reconnect delay in milliseconds.", min = "10")
    long reconnectMaxMillis() default 60000;
}
