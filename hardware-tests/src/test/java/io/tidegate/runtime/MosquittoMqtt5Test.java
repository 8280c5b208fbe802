package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What MQTT 5 adds, against Debian's Mosquitto: a broker that refuses the data (an ACL denying the
 * DDATA topics, which Mosquitto answers with PUBACK 0x87 Not authorized) deletes nothing; the
 * gateway says why and keeps the samples, and once the ACL allows them (reloaded with SIGHUP)
 * they all reach the host, the ones taken while refused flagged historical. (Over MQTT 3.1.1 the
 * same broker acknowledges a denied publish like any other and drops it: 3.1.1 has no way to say.)
 * On both OSGi frameworks, since Paho's MQTT 5 client travels inside the uplink bundle.
 */
@Timeout(300)
class MosquittoMqtt5Test {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"felix", "equinox"})
    void aPublishRefusedByTheBrokerKeepsItsSamplesUntilTheBrokerTakesThem(String framework) throws Exception {
        Path acl = dir.resolve("acl");
        Files.writeString(acl, "topic deny spBv1.0/+/DDATA/#\ntopic readwrite #\n");
        int gatewayPort = TestSites.freePort();
        List<String> listener = List.of("allow_anonymous true", "acl_file " + acl);
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), gatewayPort, listener);
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             GatewayProcess gateway = GatewayProcess.start(framework, UplinkMqttVersion.set(
                     TestSites.fastDemo(dir.resolve("profile"), gatewayPort), "5"), dir.resolve("data"),
                     dir.resolve("gateway.log"))) {
            gateway.awaitLog("the broker refused a publish (0x87 Not authorized)", Duration.ofSeconds(60));
            host.await("the session's end announced by the Will", Duration.ofSeconds(60),
                    h -> !h.messages("NDEATH").isEmpty());
            assertTrue(host.messages("DDATA").isEmpty(), "the broker passed on no data");

            long allowedAt = System.currentTimeMillis();
            Files.writeString(acl, "topic readwrite #\n");
            broker.reload();

            host.await("data once the broker takes it", Duration.ofSeconds(90),
                    h -> h.readings("wet_well/level").stream().anyMatch(r -> r.timestamp() > allowedAt));
            assertTrue(host.readings("wet_well/level").stream()
                            .anyMatch(r -> r.timestamp() < allowedAt && r.historical()),
                    "samples taken while the broker refused them were kept and arrive as backlog");
        }
    }
}
