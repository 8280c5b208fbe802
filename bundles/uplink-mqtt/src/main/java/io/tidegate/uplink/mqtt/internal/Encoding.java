package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.Device;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import java.util.List;
import java.util.Map;

/**
 * How the edge node's messages look on the wire: Sparkplug B ({@link SparkplugEncoding}) or plain
 * JSON for platforms that do not speak Sparkplug ({@link JsonEncoding}). The session logic (bdSeq,
 * seq, births, acknowledgements) is the same for both; an encoding may ignore what it has no use for.
 */
interface Encoding {

    /** One MQTT message to publish. */
    record Out(String topic, byte[] payload, boolean retained) {
    }

    /** The node's death: the MQTT Will of each CONNECT, and the last message before a clean disconnect. */
    Out nodeDeath(long bdSeq) throws Exception;

    Out nodeBirth(long bdSeq, long seq, Map<String, Sample> lastKnown) throws Exception;

    Out deviceBirth(Device device, Map<String, Sample> lastKnown, long seq) throws Exception;

    Out deviceDeath(String deviceId, long seq) throws Exception;

    /**
     * Samples of one device, or of the gateway's own points when {@code deviceId} is {@code _node};
     * historical when buffered before {@code sessionStart} or marked backlog by the store.
     */
    Out data(String deviceId, List<StoredSample> samples, long sessionStart, long seq) throws Exception;

    /** The command topics to subscribe to before the birth; empty when this encoding takes no commands. */
    List<String> commandTopics();
}
