package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric.MetricBuilder;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload.SparkplugBPayloadBuilder;
import org.junit.jupiter.api.Test;

class NodeCommandsTest {

    static byte[] ncmd(String name, MetricDataType type, Object value) throws Exception {
        return new SparkplugBPayloadEncoder().getBytes(new SparkplugBPayloadBuilder()
                .setTimestamp(new Date())
                .addMetric(new MetricBuilder(name, type, value).createMetric())
                .createPayload(), false);
    }

    @Test
    void rebirthTrueAsksForRebirth() throws Exception {
        assertTrue(NodeCommands.asksForRebirth(ncmd("Node Control/Rebirth", MetricDataType.Boolean, true)));
    }

    @Test
    void rebirthFalseDoesNot() throws Exception {
        assertFalse(NodeCommands.asksForRebirth(ncmd("Node Control/Rebirth", MetricDataType.Boolean, false)));
    }

    @Test
    void otherNodeControlsDoNot() throws Exception {
        assertFalse(NodeCommands.asksForRebirth(ncmd("Node Control/Reboot", MetricDataType.Boolean, true)));
    }

    @Test
    void rebirthAmongOtherMetricsIsFound() throws Exception {
        byte[] payload = new SparkplugBPayloadEncoder().getBytes(new SparkplugBPayloadBuilder()
                .setTimestamp(new Date())
                .addMetric(new MetricBuilder("Node Control/Next Server", MetricDataType.Boolean, false).createMetric())
                .addMetric(new MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, true).createMetric())
                .createPayload(), false);
        assertTrue(NodeCommands.asksForRebirth(payload));
    }

    @Test
    void garbageIsIgnoredWithoutAnException() {
        assertFalse(NodeCommands.asksForRebirth("not a sparkplug payload".getBytes(StandardCharsets.UTF_8)));
        assertFalse(NodeCommands.asksForRebirth(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
        assertFalse(NodeCommands.asksForRebirth(new byte[0]));
    }
}
