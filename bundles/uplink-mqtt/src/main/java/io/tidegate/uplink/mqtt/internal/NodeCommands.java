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
            return asks(new SparkplugBPayloadDecoder().buildFromByteArray(payload, null), SparkplugPayloads.REBIRTH);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "ignoring an NCMD that is not a valid Sparkplug B payload: {0}", e.getMessage());
            return false;
        }
    }

    /** True when the payload sets the node control metric {@code control} to true; false for garbage (quietly). */
    static boolean asks(byte[] payload, String control) {
        try {
            return asks(new SparkplugBPayloadDecoder().buildFromByteArray(payload, null), control);
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean asks(SparkplugBPayload decoded, String control) {
        for (Metric metric : decoded.getMetrics()) {
            if (control.equals(metric.getName()) && Boolean.TRUE.equals(metric.getValue())) {
                return true;
            }
        }
        return false;
    }
}
