package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.Test;

/**
 * The direct DDATA encoder against Tahu's own encoder: for every type, limit values, null and bad
 * samples, values that do not fit, historical and live samples, Tahu decodes both encodings to the
 * same metrics.
 */
class DataPayloadEncoderTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long SESSION_START = T0 + 1_000;

    private final MetricCatalog catalog = new MetricCatalog(new TestSite());
    private final SparkplugPayloads payloads = new SparkplugPayloads(catalog);

    @Test
    void decodesToTheSameMetricsAsTahusEncoding() throws Exception {
        List<StoredSample> samples = new ArrayList<>();
        long t = SESSION_START + 10;
        add(samples, good(TestSite.BOOL, Value.ofBoolean(true), t++));
        add(samples, good(TestSite.INT16, Value.of(DataType.INT16, -32768), t++));
        add(samples, good(TestSite.INT16, Value.of(DataType.INT16, 32767), t++));
        add(samples, good(TestSite.SCALED_INT16, Value.ofDouble(-1.5), t++));
        add(samples, good(TestSite.UINT16, Value.of(DataType.UINT16, 65535), t++));
        add(samples, good(TestSite.INT32, Value.of(DataType.INT32, Integer.MIN_VALUE), t++));
        add(samples, good(TestSite.UINT32, Value.of(DataType.UINT32, 4_294_967_295L), t++));
        add(samples, good(TestSite.INT64, Value.of(DataType.INT64, Long.MIN_VALUE), t++));
        add(samples, good(TestSite.FLOAT64, Value.ofDouble(Double.NaN), t++));
        add(samples, good(TestSite.FLOAT32, Value.of(DataType.FLOAT32, 230.25f), t++));
        add(samples, good(TestSite.STRING, Value.of(DataType.STRING, "Zähler Nº 7 ✓"), t++));
        add(samples, good(TestSite.METER_ALARM, Value.ofBoolean(false), t++));
        // Bad with a reason, bad without detail, uncertain with a value, and a value that does not fit.
        add(samples, Sample.bad(TestSite.INT32, Quality.bad(Quality.Reason.COMM_FAILURE, "timeout"), t++));
        add(samples, Sample.bad(TestSite.FLOAT32, Quality.bad(Quality.Reason.STALE, ""), t++));
        add(samples, new Sample(TestSite.UINT16, Value.of(DataType.UINT16, 7),
                new Quality(Quality.Status.UNCERTAIN, Quality.Reason.OUT_OF_RANGE, "above max"), t, t + 2));
        add(samples, good(TestSite.INT16, Value.of(DataType.INT64, 70_000L), t++));
        // Taken before the session, and backlog handed out behind newer samples: both historical.
        add(samples, good(TestSite.INT32, Value.of(DataType.INT32, 1), T0));
        samples.add(new StoredSample(samples.size() + 1, good(TestSite.INT32, Value.of(DataType.INT32, 2), t++), true));

        SparkplugBPayload direct = SparkplugPayloadsTest.decode(payloads.data(samples, SESSION_START, 42));
        SparkplugBPayload tahu = SparkplugPayloadsTest.decode(payloads.dataWithTahu(samples, SESSION_START, 42));

        assertEquals(42L, direct.getSeq());
        assertEquals(samples.size(), direct.getMetrics().size());
        for (int i = 0; i < samples.size(); i++) {
            Metric expected = tahu.getMetrics().get(i);
            Metric actual = direct.getMetrics().get(i);
            String which = "metric " + i + " (" + samples.get(i).sample() + ")";
            assertEquals(expected.getAlias(), actual.getAlias(), which);
            assertEquals(expected.getDataType(), actual.getDataType(), which);
            assertEquals(expected.getValue(), actual.getValue(), which);
            assertEquals(expected.isNull(), actual.isNull(), which);
            assertEquals(expected.getTimestamp(), actual.getTimestamp(), which);
            assertEquals(expected.isHistorical(), actual.isHistorical(), which);
            // Tahu's PropertySet has no equals: compared by its rendering, which lists every key, type and value.
            assertEquals(String.valueOf(expected.getProperties()), String.valueOf(actual.getProperties()), which);
            assertEquals(expected.toString(), actual.toString(), which);
        }
        assertTrue(direct.getMetrics().get(samples.size() - 2).isHistorical(), "taken before the session");
        assertTrue(direct.getMetrics().get(samples.size() - 1).isHistorical(), "backlog");
        assertEquals(0, SparkplugPayloadsTest.property(direct.getMetrics().get(samples.size() - 3), "Quality"),
                "a value that does not fit its metric goes out bad");
    }

    private static Sample good(String point, Value value, long time) {
        return new Sample(point, value, Quality.GOOD, time, time + 3);
    }

    private static void add(List<StoredSample> samples, Sample sample) {
        samples.add(new StoredSample(samples.size() + 1, sample));
    }
}
