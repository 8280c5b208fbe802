package io.tidegate.uplink.mqtt.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/** Reads NCMD payloads. */
final class NodeCommands {
    private static final Logger LOG = System.getLogger(NodeCommands.class.getName());

    private NodeCommands() {
    }

    /** True when the payload sets {@code Node Control/Rebirth} to true. */
    static boolean asksForRebirth(byte[] payload) {
        try {
            SparkplugBPayload decoded = new SparkplugBPayloadDecoder().buildFromByteArray(payload, null);
            for (Metric metric : decoded.getMetrics()) {
                if (SparkplugPayloads.REBIRTH.equals(metric.getName()) && Boolean.TRUE.equals(metric.getValue())) {
                    return true;
                }
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "ignoring an NCMD that is not a valid Sparkplug B payload: {0}", e.getMessage());
        }
        return false;
    }
}
