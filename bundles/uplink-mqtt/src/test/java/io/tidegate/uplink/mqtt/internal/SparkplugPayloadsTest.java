package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Device;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.Test;

class SparkplugPayloadsTest {
    private static final long T0 = 1_700_000_000_000L;

    private final TestSite site = new TestSite();
    private final MetricCatalog catalog = new MetricCatalog(site);
    private final SparkplugPayloads payloads = new SparkplugPayloads(catalog);

    static SparkplugBPayload decode(byte[] bytes) throws Exception {
        return new SparkplugBPayloadDecoder().buildFromByteArray(bytes, null);
    }

    static Metric metric(SparkplugBPayload payload, String name) {
        return payload.getMetrics().stream().filter(m -> name.equals(m.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + payload));
    }

    static Object property(Metric metric, String key) {
        PropertyValue<?> value = metric.getProperties() == null ? null : metric.getProperties().getPropertyValue(key);
        return value == null ? null : value.getValue();
    }

    // ---- NBIRTH / NDEATH ----------------------------------------------------------------------

    @Test
    void nodeBirthCarriesBdSeqAndTheRebirthControl() throws Exception {
        SparkplugBPayload birth = decode(payloads.nodeBirth(17, 0, java.util.Map.of()));
        assertEquals(0L, birth.getSeq());
        assertNotNull(birth.getTimestamp());
        Metric bdSeq = metric(birth, "bdSeq");
        assertEquals(MetricDataType.Int64, bdSeq.getDataType());
        assertEquals(17L, bdSeq.getValue());
        Metric rebirth = metric(birth, "Node Control/Rebirth");
        assertEquals(MetricDataType.Boolean, rebirth.getDataType());
        assertEquals(false, rebirth.getValue());
    }

    @Test
    void nodeBirthDeclaresTheGatewayPointsAsNodeMetrics() throws Exception {
        long now = System.currentTimeMillis();
        Map<String, Sample> last = Map.of(GatewayPoints.STORE_DROPPED.id(),
                Sample.good(GatewayPoints.STORE_DROPPED.id(), Value.of(DataType.INT64, 1523), now));
        SparkplugBPayload birth = decode(payloads.nodeBirth(17, 0, last));
        Set<Long> deviceAliases = new HashSet<>();
        site.allPoints().forEach(p -> deviceAliases.add(catalog.alias(p.id())));
        Set<Long> nodeAliases = new HashSet<>();
        for (Point point : GatewayPoints.ALL) {
            Metric m = metric(birth, GatewayPoints.metricName(point));
            assertEquals(MetricTypes.of(point.type()), m.getDataType(), point.id() + " type");
            assertTrue(m.hasAlias(), point.id() + " has an alias");
            assertEquals(catalog.alias(point.id()), m.getAlias());
            assertTrue(nodeAliases.add(m.getAlias()), "aliases are unique");
            assertFalse(deviceAliases.contains(m.getAlias()), "node aliases differ from every device alias");
            assertEquals(point.description(), property(m, "Documentation"));
            assertEquals(false, property(m, "Writable"));
        }
        assertEquals(List.of("store/event", "store/dropped", "store/alarm", "command/event"),
                birth.getMetrics().stream().skip(3).map(Metric::getName).toList());
        assertEquals(1523L, metric(birth, "store/dropped").getValue(), "the last value sent is in the birth");
        assertTrue(metric(birth, "store/event").isNull(), "an event never sent is null");
    }

    @Test
    void nodeDeathCarriesTheSameBdSeq() throws Exception {
        SparkplugBPayload death = decode(payloads.nodeDeath(17));
        Metric bdSeq = metric(death, "bdSeq");
        assertEquals(MetricDataType.Int64, bdSeq.getDataType());
        assertEquals(17L, bdSeq.getValue());
        assertEquals(1, death.getMetrics().size());
    }

    // ---- DBIRTH ------------------------------------------------------------------------------

    @Test
    void deviceBirthListsEveryPointWithItsDescription() throws Exception {
        Set<Long> aliases = new HashSet<>();
        long seq = 1;
        for (Device device : site.devices()) {
            SparkplugBPayload birth = decode(payloads.deviceBirth(device, Map.of(), seq));
            assertEquals(seq, birth.getSeq());
            assertEquals(device.points().size(), birth.getMetrics().size());
            for (Point point : device.points()) {
                Metric m = metric(birth, point.id());
                assertEquals(MetricTypes.of(point.engineeringType()), m.getDataType(), point.id());
                assertTrue(m.hasAlias(), point.id());
                assertTrue(aliases.add(m.getAlias()), "alias " + m.getAlias() + " of " + point.id() + " is not unique");
                assertEquals(catalog.alias(point.id()), m.getAlias());
                assertEquals(point.unit().isEmpty() ? null : point.unit(), property(m, "engUnit"), point.id());
                assertEquals(point.description().isEmpty() ? null : point.description(),
                        property(m, "Documentation"), point.id());
                assertEquals(point.writable(), property(m, "Writable"), point.id());
                for (Map.Entry<String, String> tag : point.tags().entrySet()) {
                    assertEquals(tag.getValue(), property(m, tag.getKey()), point.id() + " tag " + tag.getKey());
                }
            }
            seq++;
        }
        assertEquals(site.allPoints().size(), aliases.size());
    }

    @Test
    void sparkplugTypesFollowTheEngineeringType() throws Exception {
        SparkplugBPayload pump = decode(payloads.deviceBirth(site.device(TestSite.PUMP), Map.of(), 1));
        SparkplugBPayload meter = decode(payloads.deviceBirth(site.device(TestSite.METER), Map.of(), 2));
        assertEquals(MetricDataType.Boolean, metric(pump, TestSite.BOOL).getDataType());
        assertEquals(MetricDataType.Int16, metric(pump, TestSite.INT16).getDataType());
        assertEquals(MetricDataType.Double, metric(pump, TestSite.SCALED_INT16).getDataType(),
                "a scaled INT16 is published as the FLOAT64 it becomes");
        assertEquals(MetricDataType.UInt16, metric(pump, TestSite.UINT16).getDataType());
        assertEquals(MetricDataType.Int32, metric(pump, TestSite.INT32).getDataType());
        assertEquals(MetricDataType.UInt32, metric(pump, TestSite.UINT32).getDataType());
        assertEquals(MetricDataType.Int64, metric(pump, TestSite.INT64).getDataType());
        assertEquals(MetricDataType.Double, metric(pump, TestSite.FLOAT64).getDataType());
        assertEquals(MetricDataType.Float, metric(meter, TestSite.FLOAT32).getDataType());
        assertEquals(MetricDataType.String, metric(meter, TestSite.STRING).getDataType());
    }

    @Test
    void deviceBirthMarksOnlyTheReadWritePointWritable() throws Exception {
        SparkplugBPayload pump = decode(payloads.deviceBirth(site.device(TestSite.PUMP), Map.of(), 1));
        assertEquals(true, property(metric(pump, TestSite.FLOAT64), "Writable"));
        assertEquals(false, property(metric(pump, TestSite.SCALED_INT16), "Writable"));
        assertEquals("north", property(metric(pump, TestSite.SCALED_INT16), "site"));
        assertEquals("bar", property(metric(pump, TestSite.SCALED_INT16), "engUnit"));
    }

    @Test
    void aPointNeverReadIsBornNullWithBadQuality() throws Exception {
        SparkplugBPayload pump = decode(payloads.deviceBirth(site.device(TestSite.PUMP), Map.of(), 1));
        for (Metric m : pump.getMetrics()) {
            assertTrue(m.isNull(), m.getName() + " should be null");
            assertNull(m.getValue(), m.getName());
            assertEquals(0, property(m, "Quality"), m.getName());
            assertNotNull(property(m, "QualityReason"), m.getName());
        }
    }

    @Test
    void deviceBirthCarriesTheLastKnownValueAndItsTime() throws Exception {
        Map<String, Sample> last = new HashMap<>();
        last.put(TestSite.SCALED_INT16, new Sample(TestSite.SCALED_INT16, Value.ofDouble(3.2), Quality.GOOD, T0, T0 + 5));
        last.put(TestSite.UINT32, new Sample(TestSite.UINT32, Value.of(DataType.UINT32, 4294967295L), Quality.GOOD,
                T0 + 1, T0 + 6));
        last.put(TestSite.INT16, Sample.bad(TestSite.INT16, Quality.bad(Quality.Reason.COMM_FAILURE, "timeout"), T0 + 2));
        SparkplugBPayload pump = decode(payloads.deviceBirth(site.device(TestSite.PUMP), last, 1));

        Metric pressure = metric(pump, TestSite.SCALED_INT16);
        assertFalse(pressure.isNull());
        assertEquals(3.2, pressure.getValue());
        assertEquals(T0, pressure.getTimestamp().getTime());
        assertEquals(192, property(pressure, "Quality"));
        assertNull(property(pressure, "QualityReason"));

        assertEquals(4294967295L, metric(pump, TestSite.UINT32).getValue());

        Metric temp = metric(pump, TestSite.INT16);
        assertTrue(temp.isNull());
        assertEquals(0, property(temp, "Quality"));
        assertEquals("COMM_FAILURE: timeout", property(temp, "QualityReason"));
    }

    // ---- DDATA -------------------------------------------------------------------------------

    private static Sample good(String point, Value value, long time) {
        return new Sample(point, value, Quality.GOOD, time, time + 3);
    }

    private SparkplugBPayload data(List<Sample> samples, long sessionStart, long seq) throws Exception {
        List<StoredSample> stored = new ArrayList<>();
        for (Sample sample : samples) {
            stored.add(new StoredSample(stored.size() + 1, sample));
        }
        return decode(payloads.data(stored, sessionStart, seq));
    }

    private Metric byAlias(SparkplugBPayload payload, String pointId) {
        long alias = catalog.alias(pointId);
        return payload.getMetrics().stream().filter(m -> m.hasAlias() && m.getAlias() == alias).findFirst()
                .orElseThrow(() -> new AssertionError("no metric with the alias of " + pointId));
    }

    @Test
    void deviceDataCarriesAliasesNotNames() throws Exception {
        SparkplugBPayload data = data(List.of(good(TestSite.INT32, Value.of(DataType.INT32, 5), T0)), 0, 9);
        assertEquals(9L, data.getSeq());
        assertEquals(1, data.getMetrics().size());
        Metric m = data.getMetrics().get(0);
        assertFalse(m.hasName(), "DDATA should not repeat the name: " + m.getName());
        assertEquals(catalog.alias(TestSite.INT32), m.getAlias());
    }

    @Test
    void deviceDataConvertsEveryTypeRight() throws Exception {
        List<Sample> samples = List.of(
                good(TestSite.BOOL, Value.ofBoolean(true), T0),
                good(TestSite.INT16, Value.of(DataType.INT16, -32768), T0 + 1),
                good(TestSite.SCALED_INT16, Value.ofDouble(-3276.8), T0 + 2),
                good(TestSite.UINT16, Value.of(DataType.UINT16, 65535), T0 + 3),
                good(TestSite.INT32, Value.of(DataType.INT32, Integer.MIN_VALUE), T0 + 4),
                good(TestSite.UINT32, Value.of(DataType.UINT32, 4294967295L), T0 + 5),
                good(TestSite.INT64, Value.of(DataType.INT64, Long.MIN_VALUE), T0 + 6),
                good(TestSite.FLOAT64, Value.of(DataType.FLOAT64, 1.2345678901234), T0 + 7));
        SparkplugBPayload data = data(samples, 0, 3);
        assertEquals(samples.size(), data.getMetrics().size());

        assertEquals(Boolean.TRUE, byAlias(data, TestSite.BOOL).getValue());
        assertEquals(MetricDataType.Int16, byAlias(data, TestSite.INT16).getDataType());
        assertEquals(-32768, ((Number) byAlias(data, TestSite.INT16).getValue()).intValue());
        assertEquals(MetricDataType.Double, byAlias(data, TestSite.SCALED_INT16).getDataType());
        assertEquals(-3276.8, byAlias(data, TestSite.SCALED_INT16).getValue());
        assertEquals(65535, ((Number) byAlias(data, TestSite.UINT16).getValue()).intValue());
        assertEquals(Integer.MIN_VALUE, ((Number) byAlias(data, TestSite.INT32).getValue()).intValue());
        assertEquals(MetricDataType.UInt32, byAlias(data, TestSite.UINT32).getDataType());
        assertEquals(4294967295L, ((Number) byAlias(data, TestSite.UINT32).getValue()).longValue());
        assertEquals(Long.MIN_VALUE, ((Number) byAlias(data, TestSite.INT64).getValue()).longValue());
        assertEquals(1.2345678901234, byAlias(data, TestSite.FLOAT64).getValue());
        for (int i = 0; i < samples.size(); i++) {
            Metric m = byAlias(data, samples.get(i).pointId());
            assertEquals(T0 + i, m.getTimestamp().getTime(), "source timestamp of " + samples.get(i).pointId());
            assertEquals(192, property(m, "Quality"));
            assertNull(property(m, "QualityReason"));
        }
    }

    @Test
    void deviceDataOfTheMeterConvertsFloatStringAndBool() throws Exception {
        String unicode = "Zähler №7 – 電表 ✓";
        SparkplugBPayload data = data(List.of(
                good(TestSite.FLOAT32, Value.of(DataType.FLOAT32, 230.1f), T0),
                good(TestSite.STRING, Value.of(DataType.STRING, unicode), T0),
                good(TestSite.METER_ALARM, Value.ofBoolean(false), T0)), 0, 4);
        Metric voltage = byAlias(data, TestSite.FLOAT32);
        assertEquals(MetricDataType.Float, voltage.getDataType());
        assertEquals(230.1f, voltage.getValue());
        assertEquals(unicode, byAlias(data, TestSite.STRING).getValue());
        assertEquals(Boolean.FALSE, byAlias(data, TestSite.METER_ALARM).getValue());
    }

    @Test
    void extremesOfUnsignedTypesRoundTrip() throws Exception {
        for (long v : new long[] {0L, 1L, 2147483647L, 2147483648L, 4294967295L}) {
            Metric m = byAlias(data(List.of(good(TestSite.UINT32, Value.of(DataType.UINT32, v), T0)), 0, 0),
                    TestSite.UINT32);
            assertEquals(v, ((Number) m.getValue()).longValue(), "UINT32 " + v);
        }
        for (int v : new int[] {0, 32767, 32768, 65535}) {
            Metric m = byAlias(data(List.of(good(TestSite.UINT16, Value.of(DataType.UINT16, v), T0)), 0, 0),
                    TestSite.UINT16);
            assertEquals(v, ((Number) m.getValue()).intValue(), "UINT16 " + v);
        }
        for (int v : new int[] {-32768, -1, 0, 32767}) {
            Metric m = byAlias(data(List.of(good(TestSite.INT16, Value.of(DataType.INT16, v), T0)), 0, 0),
                    TestSite.INT16);
            assertEquals(v, ((Number) m.getValue()).intValue(), "INT16 " + v);
        }
    }

    @Test
    void aBadSampleIsNullWithQualityZeroAndItsReason() throws Exception {
        Sample bad = Sample.bad(TestSite.INT32, Quality.bad(Quality.Reason.COMM_FAILURE, "no answer from unit 3"), T0);
        Metric m = byAlias(data(List.of(bad), 0, 5), TestSite.INT32);
        assertTrue(m.isNull());
        assertNull(m.getValue());
        assertEquals(MetricDataType.Int32, m.getDataType());
        assertEquals(0, property(m, "Quality"));
        assertEquals("COMM_FAILURE: no answer from unit 3", property(m, "QualityReason"));
        assertEquals(T0, m.getTimestamp().getTime());
    }

    @Test
    void anUncertainSampleKeepsItsValueWithQuality64() throws Exception {
        Sample doubtful = new Sample(TestSite.FLOAT64, Value.ofDouble(2.5),
                new Quality(Quality.Status.UNCERTAIN, Quality.Reason.STALE, ""), T0, T0);
        Metric m = byAlias(data(List.of(doubtful), 0, 5), TestSite.FLOAT64);
        assertEquals(2.5, m.getValue());
        assertEquals(64, property(m, "Quality"));
        assertEquals("STALE", property(m, "QualityReason"));
    }

    @Test
    void onlySamplesTakenBeforeTheSessionAreHistorical() throws Exception {
        long sessionStart = T0 + 1000;
        Sample backlog = new Sample(TestSite.INT32, Value.of(DataType.INT32, 1), Quality.GOOD, T0, sessionStart - 1);
        Sample atStart = new Sample(TestSite.INT64, Value.of(DataType.INT64, 2), Quality.GOOD, T0, sessionStart);
        Sample live = new Sample(TestSite.UINT16, Value.of(DataType.UINT16, 3), Quality.GOOD, T0, sessionStart + 1);
        // the device clock says nothing about when the gateway took it: a live sample with an old source time
        // is still live
        SparkplugBPayload data = data(List.of(backlog, atStart, live), sessionStart, 6);
        assertEquals(Boolean.TRUE, byAlias(data, TestSite.INT32).isHistorical());
        assertNotEquals(Boolean.TRUE, byAlias(data, TestSite.INT64).isHistorical());
        assertNotEquals(Boolean.TRUE, byAlias(data, TestSite.UINT16).isHistorical());
        assertEquals(T0, byAlias(data, TestSite.INT32).getTimestamp().getTime(), "historical keeps its source time");
    }

    @Test
    void backlogHandedOutBehindLiveSamplesIsHistoricalEvenIfTakenAfterTheSessionStarted() throws Exception {
        long sessionStart = T0;
        Sample late = new Sample(TestSite.INT32, Value.of(DataType.INT32, 1), Quality.GOOD, T0 + 5, T0 + 5);
        SparkplugBPayload data = decode(payloads.data(List.of(new StoredSample(9, late, true)), sessionStart, 1));
        assertEquals(Boolean.TRUE, byAlias(data, TestSite.INT32).isHistorical(),
                "newer live values were already sent: this one is history");
    }

    @Test
    void seqIsSetAsGiven() throws Exception {
        for (long seq : new long[] {0, 1, 128, 255}) {
            assertEquals(seq, data(List.of(good(TestSite.BOOL, Value.ofBoolean(true), T0)), 0, seq).getSeq());
            assertEquals(seq, decode(payloads.deviceBirth(site.device(TestSite.METER), Map.of(), seq)).getSeq());
            assertEquals(seq, decode(payloads.nodeBirth(3, seq, java.util.Map.of())).getSeq());
        }
    }

    @Test
    void samplesKeepTheirOrderInOneMessage() throws Exception {
        List<Sample> samples = List.of(
                good(TestSite.INT32, Value.of(DataType.INT32, 1), T0),
                good(TestSite.INT32, Value.of(DataType.INT32, 2), T0 + 1),
                good(TestSite.INT32, Value.of(DataType.INT32, 3), T0 + 2));
        SparkplugBPayload data = data(samples, 0, 0);
        assertEquals(List.of(1, 2, 3), data.getMetrics().stream().map(m -> ((Number) m.getValue()).intValue()).toList());
    }

    @Test
    void aValueThatDoesNotFitItsMetricIsSentAsBadNeverTruncated() throws Exception {
        // 70000 cannot be an INT16: a cast would send 4464, a wrong reading that looks right.
        Sample tooBig = good(TestSite.INT16, Value.of(DataType.INT64, 70000), T0);
        Sample fine = good(TestSite.INT32, Value.of(DataType.INT32, 5), T0);
        SparkplugBPayload data = data(List.of(tooBig, fine), 0, 3);

        Metric bad = data.getMetrics().get(0);
        assertTrue(bad.isNull(), "no truncated value");
        assertEquals(0, property(bad, "Quality"));
        String reason = (String) property(bad, "QualityReason");
        assertTrue(reason.startsWith("CONFIG_ERROR") && reason.contains("70000") && reason.contains("INT16"), reason);
        assertEquals(5, data.getMetrics().get(1).getValue(), "the rest of the payload is unaffected");
    }
}
