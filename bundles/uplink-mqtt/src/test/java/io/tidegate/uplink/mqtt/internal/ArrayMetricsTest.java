package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Access;
import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Scaling;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.protobuf.SparkplugBProto;
import org.junit.jupiter.api.Test;

/** Whole arrays as Sparkplug B array metrics (NBIRTH/DBIRTH and DDATA) and as JSON arrays. */
class ArrayMetricsTest {
    private static final long T0 = 1_700_000_000_000L;

    /** One value per array type, with the metric type and the Java array Tahu decodes it to. */
    private static final Map<DataType, Object[]> CASES = new LinkedHashMap<>();

    static {
        CASES.put(DataType.BOOL_ARRAY, new Object[] {List.of(true, false, true, true, false, false, false, false, true),
                MetricDataType.BooleanArray, new Boolean[] {true, false, true, true, false, false, false, false, true}});
        CASES.put(DataType.INT16_ARRAY, new Object[] {List.of(-32768, 0, 32767), MetricDataType.Int16Array,
                new Short[] {-32768, 0, 32767}});
        CASES.put(DataType.UINT16_ARRAY, new Object[] {List.of(0, 65535), MetricDataType.UInt16Array,
                new Integer[] {0, 65535}});
        CASES.put(DataType.INT32_ARRAY, new Object[] {List.of(123456789, 987654321), MetricDataType.Int32Array,
                new Integer[] {123456789, 987654321}});
        CASES.put(DataType.UINT32_ARRAY, new Object[] {List.of(0L, 4294967295L), MetricDataType.UInt32Array,
                new Long[] {0L, 4294967295L}});
        CASES.put(DataType.INT64_ARRAY, new Object[] {List.of(Long.MIN_VALUE, -1L, Long.MAX_VALUE),
                MetricDataType.Int64Array, new Long[] {Long.MIN_VALUE, -1L, Long.MAX_VALUE}});
        CASES.put(DataType.FLOAT32_ARRAY, new Object[] {List.of(1.5f, -0.25f), MetricDataType.FloatArray,
                new Float[] {1.5f, -0.25f}});
        CASES.put(DataType.FLOAT64_ARRAY, new Object[] {List.of(Math.PI, -1e300), MetricDataType.DoubleArray,
                new Double[] {Math.PI, -1e300}});
        CASES.put(DataType.STRING_ARRAY, new Object[] {List.of("on", "泵站 ✓", ""), MetricDataType.StringArray,
                new String[] {"on", "泵站 ✓", ""}});
    }

    private final FixedSite site = new FixedSite("gw-test", List.of(new Device("line1", "opcua", Map.of(), points())));
    private final MetricCatalog catalog = new MetricCatalog(site);
    private final SparkplugPayloads payloads = new SparkplugPayloads(catalog);

    private static List<Point> points() {
        List<Point> points = new ArrayList<>();
        for (DataType type : CASES.keySet()) {
            points.add(point(type));
        }
        return points;
    }

    private static Point point(DataType type) {
        return new Point(id(type), "line1", "ns=2;s=" + type.name(), type, type.elementType().isNumeric() ? "degC" : "",
                Scaling.IDENTITY, Access.READ_WRITE, null, null, Duration.ofSeconds(1), Map.of(), "");
    }

    private static String id(DataType type) {
        return "line1/" + type.name().toLowerCase();
    }

    private static Value value(DataType type) {
        return Value.of(type, CASES.get(type)[0]);
    }

    @Test
    void deviceBirthDeclaresEachArrayWithItsSparkplugArrayTypeAndLastValue() throws Exception {
        Map<String, Sample> last = new LinkedHashMap<>();
        for (DataType type : CASES.keySet()) {
            last.put(id(type), Sample.good(id(type), value(type), T0));
        }

        SparkplugBPayload birth = SparkplugPayloadsTest.decode(payloads.deviceBirth(site.device("line1"), last, 1));

        for (DataType type : CASES.keySet()) {
            Metric m = SparkplugPayloadsTest.metric(birth, id(type));
            assertEquals(CASES.get(type)[1], m.getDataType(), type.toString());
            assertArrayEquals((Object[]) CASES.get(type)[2], (Object[]) m.getValue(), type.toString());
            assertEquals(192, SparkplugPayloadsTest.property(m, "Quality"), type.toString());
        }
        assertEquals("degC", SparkplugPayloadsTest.property(SparkplugPayloadsTest.metric(birth, id(DataType.FLOAT64_ARRAY)),
                "engUnit"));
    }

    @Test
    void deviceDataCarriesWholeArraysByAlias() throws Exception {
        List<StoredSample> samples = new ArrayList<>();
        for (DataType type : CASES.keySet()) {
            samples.add(new StoredSample(samples.size() + 1, Sample.good(id(type), value(type), T0 + samples.size())));
        }

        SparkplugBPayload data = SparkplugPayloadsTest.decode(payloads.data(samples, 0, 7));

        assertEquals(CASES.size(), data.getMetrics().size());
        int i = 0;
        for (DataType type : CASES.keySet()) {
            Metric m = data.getMetrics().get(i);
            assertEquals(catalog.alias(id(type)), m.getAlias(), type.toString());
            assertEquals(CASES.get(type)[1], m.getDataType(), type.toString());
            assertArrayEquals((Object[]) CASES.get(type)[2], (Object[]) m.getValue(), type.toString());
            assertEquals(T0 + i, m.getTimestamp().getTime());
            i++;
        }
    }

    @Test
    void int32ArrayIsPackedLittleEndianAsTheSpecificationShows() throws Exception {
        // Sparkplug 3.0, "Int32Array": [123456789, 987654321] -> bytes_value 15 CD 5B 07 B1 68 DE 3A
        byte[] bytes = payloads.data(List.of(new StoredSample(1,
                Sample.good(id(DataType.INT32_ARRAY), value(DataType.INT32_ARRAY), T0))), 0, 0);

        SparkplugBProto.Payload.Metric metric = SparkplugBProto.Payload.parseFrom(bytes).getMetrics(0);

        assertEquals(MetricDataType.Int32Array.toIntValue(), metric.getDatatype());
        assertEquals("15cd5b07b168de3a", HexFormat.of().formatHex(metric.getBytesValue().toByteArray()));
    }

    @Test
    void aBadArraySampleHasNoValueAndSaysWhy() throws Exception {
        StoredSample bad = new StoredSample(1, Sample.bad(id(DataType.FLOAT64_ARRAY),
                Quality.bad(Quality.Reason.CONFIG_ERROR, "the node holds a Double"), T0));

        Metric m = SparkplugPayloadsTest.decode(payloads.data(List.of(bad), 0, 0)).getMetrics().get(0);

        assertEquals(MetricDataType.DoubleArray, m.getDataType());
        assertTrue(m.isNull());
        assertEquals("CONFIG_ERROR: the node holds a Double", SparkplugPayloadsTest.property(m, "QualityReason"));
    }

    @Test
    void jsonCarriesArraysAsJsonArraysAndTheirTypeWithBrackets() {
        JsonEncoding json = new JsonEncoding("plant", "gw1", catalog);
        List<StoredSample> samples = List.of(
                new StoredSample(1, Sample.good(id(DataType.FLOAT64_ARRAY), Value.of(DataType.FLOAT64_ARRAY,
                        List.of(1.5, Double.NaN, -2.0)), T0)),
                new StoredSample(2, Sample.good(id(DataType.STRING_ARRAY), value(DataType.STRING_ARRAY), T0)),
                new StoredSample(3, Sample.good(id(DataType.BOOL_ARRAY), Value.of(DataType.BOOL_ARRAY, List.of()), T0)));

        String data = new String(json.data("line1", samples, 0, 0).payload(), StandardCharsets.UTF_8);
        String birth = new String(json.deviceBirth(site.device("line1"), Map.of(id(DataType.INT16_ARRAY),
                Sample.good(id(DataType.INT16_ARRAY), value(DataType.INT16_ARRAY), T0)), 0).payload(),
                StandardCharsets.UTF_8);

        assertTrue(data.contains("\"value\":[1.5,null,-2.0]"), data);
        assertTrue(data.contains("\"value\":[\"on\",\"泵站 ✓\",\"\"]"), data);
        assertTrue(data.contains("\"value\":[]"), data);
        assertTrue(birth.contains("\"type\":\"INT16[]\""), birth);
        assertTrue(birth.contains("\"lastValue\":[-32768,0,32767]"), birth);
    }
}
