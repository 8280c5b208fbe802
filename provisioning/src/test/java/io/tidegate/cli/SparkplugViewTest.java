package io.tidegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Date;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.Metric.MetricBuilder;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertySet.PropertySetBuilder;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload.SparkplugBPayloadBuilder;
import org.junit.jupiter.api.Test;

class SparkplugViewTest {
    private static final String NBIRTH = "spBv1.0/plant/NBIRTH/gw1";
    private static final String DBIRTH = "spBv1.0/plant/DBIRTH/gw1/station";
    private static final String DDATA = "spBv1.0/plant/DDATA/gw1/station";
    private static final long T0 = 1_700_000_000_000L;

    private final SparkplugView view = new SparkplugView();

    private static byte[] encode(long seq, Metric... metrics) throws Exception {
        SparkplugBPayloadBuilder builder = new SparkplugBPayloadBuilder().setTimestamp(new Date(T0)).setSeq(seq);
        for (Metric m : metrics) {
            builder.addMetric(m);
        }
        return new SparkplugBPayloadEncoder().getBytes(builder.createPayload(), false);
    }

    private static PropertySet props(String unit, Integer quality, String reason) throws Exception {
        PropertySetBuilder props = new PropertySetBuilder();
        if (unit != null) {
            props.addProperty("engUnit", new PropertyValue<>(PropertyDataType.String, unit));
        }
        if (quality != null) {
            props.addProperty("Quality", new PropertyValue<>(PropertyDataType.Int32, quality));
        }
        if (reason != null) {
            props.addProperty("QualityReason", new PropertyValue<>(PropertyDataType.String, reason));
        }
        return props.createPropertySet();
    }

    private static byte[] nbirth() throws Exception {
        return encode(0,
                new MetricBuilder("bdSeq", MetricDataType.Int64, 3L).createMetric(),
                new MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, false).createMetric());
    }

    private static byte[] dbirth() throws Exception {
        return encode(1,
                new MetricBuilder("wet_well/level", MetricDataType.Double, 1.25).alias(1L)
                        .properties(props("m", 192, null)).createMetric(),
                new MetricBuilder("pump1/running", MetricDataType.Boolean, true).alias(2L)
                        .properties(props(null, 192, null)).createMetric(),
                new MetricBuilder("pump1/current", MetricDataType.Float, 12.5f).alias(3L)
                        .properties(props("A", 192, null)).createMetric());
    }

    private void births() throws Exception {
        view.describe(NBIRTH, nbirth());
        view.describe(DBIRTH, dbirth());
    }

    @Test
    void birthsAreDescribedWithNamesValuesAndUnits() throws Exception {
        String node = view.describe(NBIRTH, nbirth());
        assertTrue(node.contains("NBIRTH plant/gw1 seq=0"), node);
        assertTrue(node.contains("bdSeq=3"), node);
        String device = view.describe(DBIRTH, dbirth());
        assertTrue(device.contains("DBIRTH plant/gw1/station seq=1"), device);
        assertTrue(device.contains("wet_well/level=1.25 m"), device);
        assertTrue(device.contains("pump1/running=true"), device);
        assertTrue(device.contains("pump1/current=12.5 A"), device);
    }

    @Test
    void dataWithOnlyAliasesReadsAsNamesAndUnits() throws Exception {
        births();
        String line = view.describe(DDATA, encode(4,
                new MetricBuilder(1L, MetricDataType.Double, 1.43).timestamp(new Date(T0)).createMetric(),
                new MetricBuilder(2L, MetricDataType.Boolean, false).timestamp(new Date(T0)).createMetric()));
        assertTrue(line.contains("DDATA plant/gw1/station seq=4"), line);
        assertTrue(line.contains("wet_well/level=1.43 m"), line);
        assertTrue(line.contains("pump1/running=false"), line);
        assertFalse(line.contains("alias"), line);
        assertFalse(line.contains("[BAD"), line);
        assertFalse(line.contains("historical"), line);
    }

    @Test
    void anAliasNoBirthAnnouncedIsShownAsAnAlias() throws Exception {
        births();
        String line = view.describe(DDATA, encode(4, new MetricBuilder(99L, MetricDataType.Int32, 7).createMetric()));
        assertTrue(line.contains("alias 99=7"), line);
    }

    @Test
    void aliasesOfOneNodeDoNotNameAnotherNodesMetrics() throws Exception {
        births();
        String line = view.describe("spBv1.0/plant/DDATA/gw2/station",
                encode(0, new MetricBuilder(1L, MetricDataType.Double, 2.0).createMetric()));
        assertTrue(line.contains("alias 1=2.0"), line);
        assertFalse(line.contains("wet_well/level"), line);
    }

    @Test
    void aBadMetricShowsItsReason() throws Exception {
        births();
        String line = view.describe(DDATA, encode(5,
                new MetricBuilder(3L, MetricDataType.Float, null).timestamp(new Date(T0))
                        .properties(props(null, 0, "COMM_FAILURE: no answer from unit 1")).createMetric()));
        assertTrue(line.contains("pump1/current=null"), line);
        assertTrue(line.contains("[BAD COMM_FAILURE: no answer from unit 1]"), line);
        assertFalse(line.contains("null A"), "no unit after a missing value: " + line);
    }

    @Test
    void historicalMetricsShowTheirOwnTime() throws Exception {
        births();
        Date taken = new Date(T0 - 3_600_000 + 112);
        String line = view.describe(DDATA, encode(6,
                new MetricBuilder(1L, MetricDataType.Double, 0.9).timestamp(taken).isHistorical(true).createMetric(),
                new MetricBuilder(2L, MetricDataType.Boolean, true).timestamp(new Date(T0)).createMetric()));
        String expected = "wet_well/level=0.9 m [historical " + new SimpleDateFormat("HH:mm:ss.SSS").format(taken) + "]";
        assertTrue(line.contains(expected), line + " should contain " + expected);
        assertEquals(1, line.split("historical", -1).length - 1, "only the historical metric is flagged: " + line);
    }

    @Test
    void theLineStartsWithThePayloadTime() throws Exception {
        String line = view.describe(NBIRTH, nbirth());
        assertTrue(line.startsWith(new SimpleDateFormat("HH:mm:ss.SSS").format(new Date(T0)) + " NBIRTH"), line);
    }

    @Test
    void aNodeWhoseBirthWasMissedIsAskedForOnce() throws Exception {
        assertEquals("plant/gw1", view.nodeNeedingBirth(DDATA));
        assertNull(view.nodeNeedingBirth(DDATA), "asked once, not for every message");
        assertNull(view.nodeNeedingBirth("spBv1.0/plant/NDATA/gw1"));
        assertEquals("plant/gw2", view.nodeNeedingBirth("spBv1.0/plant/NDATA/gw2"), "another node is asked for too");
    }

    @Test
    void aNodeSeenBornIsNeverAskedFor() throws Exception {
        assertNull(view.nodeNeedingBirth(NBIRTH));
        assertNull(view.nodeNeedingBirth(DBIRTH));
        assertNull(view.nodeNeedingBirth(DDATA));
        assertNull(view.nodeNeedingBirth("spBv1.0/plant/NDATA/gw1"));
    }

    @Test
    void birthsAndDeathsThemselvesAskForNothing() {
        assertNull(view.nodeNeedingBirth("spBv1.0/plant/NDEATH/gw1"));
        assertNull(view.nodeNeedingBirth("spBv1.0/plant/DBIRTH/gw1/station"));
        assertNull(view.nodeNeedingBirth("spBv1.0/plant/NCMD/gw1"));
        assertNull(view.nodeNeedingBirth("some/other/topic/x"));
        assertNull(view.nodeNeedingBirth("spBv1.0/short"));
    }

    @Test
    void aTopicThatIsNotSparkplugIsDescribedWithoutDecoding() {
        String line = view.describe("factory/line1/temperature", "21.5".getBytes(StandardCharsets.UTF_8));
        assertEquals("factory/line1/temperature (4 bytes, not Sparkplug B)", line);
        String shortTopic = view.describe("spBv1.0/plant", new byte[] {1, 2, 3});
        assertTrue(shortTopic.contains("not Sparkplug B"), shortTopic);
        String empty = view.describe("", new byte[0]);
        assertTrue(empty.contains("not Sparkplug B"), empty);
    }

    @Test
    void anUndecodablePayloadSaysSo() {
        String line = view.describe(DDATA, "this is not protobuf".getBytes(StandardCharsets.UTF_8));
        assertTrue(line.contains("DDATA plant/gw1/station undecodable payload"), line);
    }

    /**
     * Sparkplug B 3.0 publishes a primary host's state on {@code spBv1.0/STATE/<host id>} (three
     * levels). SparkplugView.describe() calls every topic of fewer than four levels "not Sparkplug
     * B" before it looks for STATE, so its STATE branch never sees a real STATE message.
     */
    @Test
    void aPrimaryHostStateMessageIsShownAsState() {
        String line = view.describe("spBv1.0/STATE/scada-1",
                "{\"online\":true,\"timestamp\":1700000000000}".getBytes(StandardCharsets.UTF_8));
        assertTrue(line.contains("STATE"), line);
        assertTrue(line.contains("scada-1"), line);
        assertTrue(line.contains("\"online\":true"), line);
        assertFalse(line.contains("not Sparkplug B"), line);
        assertNull(view.nodeNeedingBirth("spBv1.0/STATE/scada-1"));
    }

    @Test
    void aRebirthRenamesAliases() throws Exception {
        births();
        view.describe(DBIRTH, encode(1,
                new MetricBuilder("wet_well/level_renamed", MetricDataType.Double, 1.0).alias(1L)
                        .properties(props("cm", 192, null)).createMetric()));
        String line = view.describe(DDATA, encode(2, new MetricBuilder(1L, MetricDataType.Double, 140.0).createMetric()));
        assertTrue(line.contains("wet_well/level_renamed=140.0 cm"), line);
    }
}
