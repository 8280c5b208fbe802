package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code uplink.type: json} through the whole OSGi gateway: the demo site's readings as JSON documents. */
class JsonUplinkEndToEndTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void theDemoSiteAsJson() throws Exception {
        int port = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), port);
        Files.writeString(profile, Files.readString(profile).replace("type: sparkplug", "type: json"));
        List<String> received = new CopyOnWriteArrayList<>();
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port)) {
            MqttClient platform = new MqttClient(broker.url(), "city-platform", new MemoryPersistence());
            platform.connect();
            platform.subscribe("#", 1, (topic, message) -> received.add(topic + " "
                    + new String(message.getPayload(), StandardCharsets.UTF_8)));
            try (Launcher ignored = Launcher.start(new LaunchOptions("felix", TestSites.home(), profile,
                    dir.resolve("data"), 0))) {
                long deadline = System.currentTimeMillis() + 60_000;
                while (received.stream().filter(m -> m.startsWith(
                        "tidegate/tidegate-demo/demo-station-01/station/data ")).count() < 10) {
                    assertTrue(System.currentTimeMillis() < deadline, "no JSON data within 60 s: " + received);
                    Thread.sleep(100);
                }
            } finally {
                platform.disconnect();
                platform.close();
            }
        }
        assertTrue(received.stream().anyMatch(m -> m.startsWith("tidegate/tidegate-demo/demo-station-01/status "
                + "{\"online\":true")), received.toString());
        assertTrue(received.stream().anyMatch(m -> m.startsWith("tidegate/tidegate-demo/demo-station-01/station/status ")
                && m.contains("{\"id\":\"wet_well/level\",\"type\":\"FLOAT64\",\"unit\":\"m\"")), "station described");
        assertTrue(received.stream().anyMatch(m -> m.contains("{\"point\":\"wet_well/level\",\"value\":")
                && m.contains("\"unit\":\"m\",\"quality\":\"GOOD\",\"sourceTime\":\"")), "level readings");
        assertTrue(received.stream().noneMatch(m -> m.startsWith("spBv1.0/")), "no Sparkplug in JSON mode");
    }
}
