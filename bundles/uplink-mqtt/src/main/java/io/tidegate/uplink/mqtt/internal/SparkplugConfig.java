package io.tidegate.uplink.mqtt.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Sparkplug B edge node (PID {@value SparkplugUplinkComponent#PID}). */
@ObjectClassDefinition(name = "Tidegate Sparkplug B uplink",
        description = "Forwards the store's samples to an MQTT broker as a Sparkplug B edge node.")
public @interface SparkplugConfig {

    @AttributeDefinition(description = "Broker host name or address.")
    String host();

    @AttributeDefinition(description = "Broker TCP port.", min = "1", max = "65535")
    int port() default 1883;

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

    @AttributeDefinition(description = "File holding the MQTT password (never the password itself).",
            required = false)
    String passwordFile() default "";

    @AttributeDefinition(description = "Directory where the uplink keeps its state (bdSeq).")
    String dataDir();

    @AttributeDefinition(description = "First reconnect delay in milliseconds.", min = "10")
    long reconnectMinMillis() default 1000;

    @AttributeDefinition(description = "Longest reconnect delay in milliseconds.", min = "10")
    long reconnectMaxMillis() default 60000;
}
