package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * bdSeq across three gateway restarts against Debian's Mosquitto, one of them a SIGKILL whose
 * NDEATH is Mosquitto's Will: every session takes the next bdSeq from disk, every NDEATH names the
 * session that ended, and seq runs from 0 without a gap in every session. Over MQTT 3.1.1 and 5.
 */
class MosquittoSessionsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "MQTT {0}")
    @FieldSource("io.tidegate.runtime.UplinkMqttVersion#ALL")
    @Timeout(300)
    void bdSeqAcrossThreeRestartsOneOfThemKilled(String mqttVersion) throws Exception {
        Duration wait = Duration.ofSeconds(60);
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"));
             SparkplugHost host = SparkplugHost.subscribe(broker.url())) {
            Path profile = UplinkMqttVersion.set(TestSites.fastDemo(dir.resolve("profile"), broker.port()),
                    mqttVersion);
            Path data = dir.resolve("data");
            for (int session = 1; session <= 4; session++) {
                int n = session;
                try (GatewayProcess gateway = GatewayProcess.start("felix", profile, data,
                        dir.resolve("gateway-" + n + ".log"))) {
                    host.await("session " + n + " data", wait, h -> SparkplugSessionsTest.count(h, "NBIRTH") == n
                            && SparkplugSessionsTest.dataSinceBirth(h, n) >= 20);
                    if (n == 2) {
                        gateway.kill(); // SIGKILL: no shutdown hook; Mosquitto publishes the Will
                    } else {
                        gateway.terminate();
                    }
                }
                host.await("the NDEATH of session " + n, wait, h -> SparkplugSessionsTest.count(h, "NDEATH") >= n);
            }
            assertEquals(List.of(0L, 1L, 2L, 3L), host.messages("NBIRTH").stream().map(SparkplugSessionsTest::bdSeq)
                    .toList(), "each start takes the next bdSeq, persisted across restarts and a SIGKILL");
            assertEquals(List.of(0L, 1L, 2L, 3L), host.messages("NDEATH").stream().map(SparkplugSessionsTest::bdSeq)
                    .toList(), "each NDEATH (the second one Mosquitto's Will) names the session that ended");
            List<List<SparkplugHost.Message>> sessions = SparkplugSessionsTest.sessions(host);
            assertEquals(4, sessions.size());
            SparkplugSessionsTest.assertSeqContinuousInEverySession(sessions);
        }
    }
}
