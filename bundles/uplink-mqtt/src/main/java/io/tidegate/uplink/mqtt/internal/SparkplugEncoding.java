package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.Device;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import java.util.List;
import java.util.Map;

/** Sparkplug B 3.0: {@code spBv1.0/<group>/<type>/<node>[/<device>]} with Tahu-encoded payloads. */
final class SparkplugEncoding implements Encoding {
    private final Topics topics;
    private final SparkplugPayloads payloads;

    SparkplugEncoding(Topics topics, SparkplugPayloads payloads) {
        this.topics = topics;
        this.payloads = payloads;
    }

    @Override
    public Out nodeDeath(long bdSeq) throws Exception {
        return new Out(topics.node("NDEATH"), payloads.nodeDeath(bdSeq), false);
    }

    @Override
    public Out nodeBirth(long bdSeq, long seq, Map<String, Sample> lastKnown) throws Exception {
        return new Out(topics.node("NBIRTH"), payloads.nodeBirth(bdSeq, seq, lastKnown), false);
    }

    @Override
    public Out deviceBirth(Device device, Map<String, Sample> lastKnown, long seq) throws Exception {
        return new Out(topics.device("DBIRTH", device.id()), payloads.deviceBirth(device, lastKnown, seq), false);
    }

    @Override
    public Out deviceDeath(String deviceId, long seq) throws Exception {
        return new Out(topics.device("DDEATH", deviceId), payloads.deviceDeath(seq), false);
    }

    @Override
    public Out data(String deviceId, List<StoredSample> samples, long sessionStart, long seq) throws Exception {
        // The gateway's own points are metrics of the edge node itself: NDATA, not DDATA.
        String topic = deviceId.equals(GatewayPoints.NODE) ? topics.node("NDATA") : topics.device("DDATA", deviceId);
        return new Out(topic, payloads.data(samples, sessionStart, seq), false);
    }

    @Override
    public List<String> commandTopics() {
        return List.of(topics.node("NCMD"), topics.node("DCMD") + "/+");
    }
}
