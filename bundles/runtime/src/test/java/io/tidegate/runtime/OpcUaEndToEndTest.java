package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.driver.opcua.internal.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OPC UA path inside the real bundle set, on both frameworks: the driver bundle (Milo embedded)
 * subscribes to an in-process Milo server, the engine stores what it pushes, the uplink sends it as
 * Sparkplug B. A server restart shows as bad samples upstream, then data resumes by itself.
 */
class OpcUaEndToEndTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"felix", "equinox"})
    @org.junit.jupiter.api.Timeout(240)
    void subscribedChangesReachTheBrokerAndSurviveAServerRestart(String framework) throws Exception {
        int port = TestSites.freePort();
        try (TestServer server = new TestServer();
             EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port);
             SparkplugHost host = SparkplugHost.subscribe(broker.url())) {
            Path profile = profile(port, server.url());
            try (Launcher launcher = Launcher.start(new LaunchOptions(framework, TestSites.home(), profile,
                    dir.resolve("data"), 0))) {
                List<String> problems = launcher.awaitHealthy(Duration.ofSeconds(20));
                assertTrue(problems.isEmpty(), "bundle set on " + framework + ": " + problems);
                assertTrue(Files.exists(dir.resolve("data/opcua/own/gateway.der")),
                        "the gateway created its application certificate in the data directory");

                host.await("10 counter changes", Duration.ofSeconds(60), h -> h.readings("plc/counter").size() >= 10);
                assertEquals(3.25, host.readings("plc/double").get(0).value());
                assertEquals((short) -1234, host.readings("plc/int16").get(0).value());
                assertTrue(host.readings("plc/broken").get(0).qualityReason().contains("Bad_SensorFailure"));
                List<SparkplugHost.Reading> counter = host.readings("plc/counter");
                for (int i = 1; i < counter.size(); i++) {
                    assertEquals(((Number) counter.get(i - 1).value()).longValue() + 1,
                            ((Number) counter.get(i).value()).longValue(), "pushed, not polled: every change");
                }

                server.stop();
                host.await("the gap as bad samples", Duration.ofSeconds(60), h -> h.readings("plc/counter").stream()
                        .anyMatch(r -> r.value() == null && r.qualityReason().startsWith("COMM_FAILURE")));
                int gapAt = host.readings("plc/counter").size();
                server.start();
                host.await("good data after the restart", Duration.ofSeconds(90), h -> h.readings("plc/counter")
                        .stream().skip(gapAt).filter(r -> r.value() != null).count() >= 5);
                assertNull(host.readings("plc/counter").get(host.readings("plc/counter").size() - 1).qualityReason());
            }
        }
    }

    private Path profile(int brokerPort, String url) throws Exception {
        String yaml = """
                gateway:
                  id: opcua-gw
                  group: test-group
                devices:
                  - id: plc
                    driver: opcua
                    interval: 100ms
                    settings:
                      endpoint: "%s"
                      samplingInterval: 50ms
                      queueSize: "20"
                    points:
                      - {id: plc/counter, address: "ns=2;s=Counter", type: INT64}
                      - {id: plc/double, address: "nsu=%s;s=Scalar.Double", type: FLOAT64}
                      - {id: plc/int16, address: "/2:Plant/2:Scalar.Int16", type: INT16}
                      - {id: plc/broken, address: "ns=2;s=Broken", type: FLOAT64}
                uplink:
                  host: 127.0.0.1
                  port: %d
                """.formatted(url, TestServer.NAMESPACE, brokerPort);
        Files.createDirectories(dir);
        Path profile = dir.resolve("profile.yaml");
        Files.writeString(profile, yaml);
        return profile;
    }
}
