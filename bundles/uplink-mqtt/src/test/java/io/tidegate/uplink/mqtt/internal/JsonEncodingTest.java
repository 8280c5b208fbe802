package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON encoding's topics and documents, exactly as a city data platform receives them. */
class JsonEncodingTest {
    private static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
    private final TestSite site = new TestSite();
    private final JsonEncoding json = new JsonEncoding("plant", "gw1", new MetricCatalog(site));

    private static String text(Encoding.Out out) {
        return new String(out.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void dataCarriesValueUnitQualityTimestampsAndTheHistoricalFlag() {
        Encoding.Out out = json.data(TestSite.PUMP, List.of(
                new StoredSample(1, new Sample(TestSite.SCALED_INT16, Value.ofDouble(4.2), Quality.GOOD, T0, T0 + 5)),
                new StoredSample(2, Sample.bad(TestSite.BOOL, Quality.bad(Quality.Reason.COMM_FAILURE, "no \"answer\"\n"),
                        T0 + 1000))),
                T0 + 500, 7);

        assertEquals("tidegate/plant/gw1/pump/data", out.topic());
        assertEquals(false, out.retained());
        assertEquals("{\"device\":\"pump\",\"samples\":["
                + "{\"point\":\"pump/pressure\",\"value\":4.2,\"unit\":\"bar\",\"quality\":\"GOOD\","
                + "\"sourceTime\":\"2023-11-14T22:13:20Z\",\"gatewayTime\":\"2023-11-14T22:13:20.005Z\",\"historical\":true},"
                + "{\"point\":\"pump/running\",\"value\":null,\"quality\":\"BAD\",\"reason\":\"COMM_FAILURE\","
                + "\"detail\":\"no \\\"answer\\\"\\n\",\"sourceTime\":\"2023-11-14T22:13:21Z\","
                + "\"gatewayTime\":\"2023-11-14T22:13:21Z\",\"historical\":false}]}", text(out));
    }

    @Test
    void aNonFiniteNumberIsNullNotInvalidJson() {
        String text = text(json.data(TestSite.PUMP, List.of(new StoredSample(1, Sample.good(TestSite.FLOAT64,
                Value.ofDouble(Double.NaN), T0))), 0, 0));
        assertTrue(text.contains("\"value\":null"), text);
    }

    @Test
    void statusMessagesAreRetainedAndDescribeThePoints() {
        Encoding.Out birth = json.deviceBirth(site.device(TestSite.METER), Map.of(TestSite.FLOAT32,
                Sample.good(TestSite.FLOAT32, Value.of(DataType.FLOAT32, 230.5f), T0)), 3);
        assertEquals("tidegate/plant/gw1/meter/status", birth.topic());
        assertTrue(birth.retained());
        String text = text(birth);
        assertTrue(text.startsWith("{\"device\":\"meter\",\"online\":true,\"timestamp\":\""), text);
        assertTrue(text.contains("{\"id\":\"meter/voltage\",\"type\":\"FLOAT32\",\"unit\":\"V\",\"description\":"
                + "\"Phase voltage\",\"writable\":false,\"tags\":{\"sub-item\":\"L1\"},\"lastValue\":230.5}"), text);

        Encoding.Out death = json.deviceDeath(TestSite.METER, 4);
        assertEquals(birth.topic(), death.topic(), "the device's status is replaced, not added to");
        assertTrue(text(death).startsWith("{\"device\":\"meter\",\"online\":false,"), text(death));

        Encoding.Out node = json.nodeBirth(5, 0, Map.of());
        assertEquals("tidegate/plant/gw1/status", node.topic());
        assertTrue(text(node).contains("\"id\":\"_node/command/event\",\"type\":\"STRING\""), text(node));
        Encoding.Out will = json.nodeDeath(5);
        assertEquals(node.topic(), will.topic());
        assertTrue(will.retained(), "the Will leaves the gateway marked offline");
        assertTrue(text(will).startsWith("{\"online\":false,"), text(will));
        assertEquals(List.of(), json.commandTopics(), "JSON takes no commands");
    }
}
