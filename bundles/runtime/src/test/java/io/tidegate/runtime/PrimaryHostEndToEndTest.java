package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code uplink.primaryHostId} through the whole OSGi gateway: while the primary host's STATE says
 * offline nothing is published and the readings wait in the store; once it says online, all of
 * them arrive, the backlog flagged historical.
 */
class PrimaryHostEndToEndTest {

    @TempDir
    Path dir;

    private static byte[] state(boolean online, long timestamp) {
        return ("{\"online\":" + online + ",\"timestamp\":" + timestamp + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(120)
    void withThePrimaryHostOfflineDataWaitsAndOnceOnlineAllOfItArrives() throws Exception {
        int port = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), port);
        Files.writeString(profile, Files.readString(profile).replace("\nuplink:\n", "\nuplink:\n  primaryHostId: scada-main\n"));
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port);
             SparkplugHost host = SparkplugHost.subscribe(broker.url())) {
            MqttClient scada = new MqttClient(broker.url(), "scada-main", new MemoryPersistence());
            scada.connect();
            long t = System.currentTimeMillis();
            scada.publish("spBv1.0/STATE/scada-main", state(false, t), 1, true);
            try (Launcher ignored = Launcher.start(new LaunchOptions("felix", TestSites.home(), profile,
                    dir.resolve("data"), 0))) {
                Thread.sleep(4000); // the gateway reads the simulator fast all this time
                assertEquals(0, host.messages().size(), "nothing published while the primary host is offline: "
                        + host.messages().stream().map(SparkplugHost.Message::type).toList());

                scada.publish("spBv1.0/STATE/scada-main", state(true, t + 1), 1, true);
                host.await("births and the buffered data", Duration.ofSeconds(60),
                        h -> h.readings("station/heartbeat").stream().filter(r -> !r.historical()).count() >= 5);
                assertEquals("NBIRTH", host.messages().get(0).type());
                long historical = host.readings("wet_well/level").stream()
                        .filter(SparkplugHost.Reading::historical).count();
                assertTrue(historical >= 40, "4 s of level readings at 50 ms were buffered and arrive historical: "
                        + historical);
            } finally {
                scada.disconnect();
                scada.close();
            }
        }
    }
}
