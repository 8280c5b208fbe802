package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The gateway against Debian's Mosquitto, a broker Tidegate did not write: births and data reach
 * a Tahu-decoding host, and when the gateway process is killed outright (SIGKILL, as in a power
 * cut of the gateway alone) the broker publishes the NDEATH Will with the session's bdSeq. Over
 * MQTT 3.1.1 and MQTT 5 alike.
 */
class MosquittoSparkplugTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "MQTT {0}")
    @FieldSource("io.tidegate.runtime.UplinkMqttVersion#ALL")
    void dataFlowsAndTheWillAnnouncesAKilledGateway(String mqttVersion) throws Exception {
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"));
             SparkplugHost host = SparkplugHost.subscribe(broker.url())) {
            Path profile = UplinkMqttVersion.set(TestSites.fastDemo(dir.resolve("profile"), broker.port()),
                    mqttVersion);
            try (GatewayProcess gateway = GatewayProcess.start("felix", profile, dir.resolve("data"),
                    dir.resolve("gateway.log"))) {
                host.await("births and data", Duration.ofSeconds(60), h -> h.messages("DDATA").size() >= 20);
                assertEquals("NBIRTH", host.messages().get(0).type(), "first message is NBIRTH");
                assertEquals(2, host.messages("DBIRTH").size(), "a DBIRTH per device");
                var bdSeq = host.messages("NBIRTH").get(0).metric("bdSeq");
                assertNotNull(bdSeq, "NBIRTH carries bdSeq");
                assertTrue(host.readings("wet_well/level").stream().allMatch(r -> r.value() instanceof Double),
                        "levels decode as doubles");
                assertTrue(broker.log().contains("as demo-station-01 " + UplinkMqttVersion.mosquittoConnectTag(
                        mqttVersion)), "Mosquitto saw a clean-start MQTT " + mqttVersion + " client:\n" + broker.log());

                gateway.kill();
                host.await("the Will (NDEATH) from Mosquitto", Duration.ofSeconds(60),
                        h -> !h.messages("NDEATH").isEmpty());
                assertEquals(bdSeq.getValue(), host.messages("NDEATH").get(0).metric("bdSeq").getValue(),
                        "the Will names the session that died");
            }
        }
    }
}
