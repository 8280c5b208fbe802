package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidegate.api.DataType;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge node speaking MQTT 5 (Paho's v5 client) to a scripted MQTT 5 server: the session
 * settings of its CONNECT, the Sparkplug session, the broker's reason codes (a refused CONNECT, a
 * PUBACK that refuses the data) and its Receive Maximum. The same session against Mosquitto is in
 * hardware-tests (MosquittoSparkplugTest, MosquittoTlsTest, MosquittoSessionsTest, parameterised on
 * the MQTT version).
 */
class Mqtt5EdgeNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String NBIRTH = "spBv1.0/plant/NBIRTH/gw1";
    private static final String NDEATH = "spBv1.0/plant/NDEATH/gw1";
    private static final String NCMD = "spBv1.0/plant/NCMD/gw1";
    private static final String DDATA_PUMP = "spBv1.0/plant/DDATA/gw1/pump";

    @TempDir
    Path dataDir;

    private final FakeStore store = new FakeStore();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final Mqtt5TestBroker broker;

    Mqtt5EdgeNodeTest() throws Exception {
        broker = new Mqtt5TestBroker();
        cleanup.add(broker);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        assertTrue(store.violations.isEmpty(), "store contract broken: " + store.violations);
    }

    private EdgeNode node(EdgeNodeSettings settings) {
        EdgeNode node = new EdgeNode(settings.withMqttVersion(MqttVersion.V5), store, new MetricCatalog(new TestSite()));
        cleanup.add(node::stop);
        return node;
    }

    private EdgeNode node() {
        return node(new EdgeNodeSettings("tcp://127.0.0.1:" + broker.port(), "plant", "gw1", "gw1", 30, null, null,
                dataDir, 50, 200));
    }

    private void appendPumpSamples(int count) throws Exception {
        long now = System.currentTimeMillis();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(new Sample(TestSite.INT32, Value.of(DataType.INT32, i), Quality.GOOD, now + i, now + i));
        }
        store.append(samples);
    }

    private static SparkplugBPayload decode(byte[] payload) throws Exception {
        return new SparkplugBPayloadDecoder().buildFromByteArray(payload, null);
    }

    private static long bdSeq(byte[] payload) throws Exception {
        return (Long) decode(payload).getMetrics().stream().filter(m -> "bdSeq".equals(m.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bdSeq")).getValue();
    }

    /** How many samples of the pump's INT32 point the broker has acknowledged with a success code. */
    private int samplesAccepted() throws Exception {
        int n = 0;
        for (Mqtt5TestBroker.Publish p : broker.accepted) {
            if (p.topic().equals(DDATA_PUMP)) {
                n += decode(p.payload()).getMetrics().size();
            }
        }
        return n;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aSparkplugSessionOverMqtt5StartsCleanKeepsNoBrokerSessionAndCarriesTheWill() throws Exception {
        appendPumpSamples(3);
        store.checkAcknowledgementsAgainst(() -> {
            try {
                return samplesAccepted();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        EdgeNode node = node();
        node.start();

        await("the three samples are acknowledged and deleted", () -> store.stats().acknowledged() == 3);
        Mqtt5TestBroker.Connect connect = broker.connects.get(0);
        assertEquals(5, connect.protocolLevel(), "MQTT 5 CONNECT");
        assertTrue(connect.cleanStart(), "clean start");
        assertEquals(0, connect.sessionExpiry(), "the broker keeps no session after the connection ends");
        assertEquals(NDEATH, connect.willTopic());
        assertEquals(bdSeq(connect.willPayload()), bdSeq(broker.published.get(0).payload()),
                "the Will's bdSeq is the NBIRTH's");
        assertEquals(List.of("SUBSCRIBE " + NCMD, "SUBSCRIBE spBv1.0/plant/DCMD/gw1/+", "PUBLISH " + NBIRTH),
                broker.events.subList(0, 3), "commands are subscribed before NBIRTH");
        assertTrue(node.stats().connected());

        node.stop();
        await("NDEATH before the disconnect", () -> broker.published.stream().anyMatch(p -> p.topic().equals(NDEATH)));
        assertTrue(broker.wills.isEmpty(), "a clean DISCONNECT after NDEATH: the broker drops the Will");
    }

    @Test
    void aPubackWithAFailureReasonCodeIsNotADeliveryTheSamplesStayAndAreSentAgain() throws Exception {
        appendPumpSamples(5);
        broker.pubackCode = topic -> topic.equals(DDATA_PUMP) ? 0x97 : 0x00; // Quota exceeded
        EdgeNode node = node();
        node.start();

        await("the broker has refused the data", () -> broker.published.stream()
                .anyMatch(p -> p.topic().equals(DDATA_PUMP)) && node.stats().lastError().contains("0x97"));
        assertTrue(node.stats().lastError().contains("the broker refused a publish (0x97 Quota exceeded)"),
                node.stats().lastError());
        await("the session ends like a broken one: the broker publishes the Will", () -> !broker.wills.isEmpty());
        assertEquals(0, store.stats().acknowledged(), "a refused publish deletes nothing");
        assertEquals(5, store.stats().pending(), "the samples stay in the store");

        broker.pubackCode = topic -> 0x00;
        await("the samples are sent again and deleted once accepted", () -> store.stats().acknowledged() == 5);
        assertEquals(0, store.stats().pending());
        assertTrue(broker.connects.size() >= 2, "delivered in a later session");
    }

    @Test
    void aPubackSayingNoMatchingSubscribersIsADelivery() throws Exception {
        appendPumpSamples(2);
        broker.pubackCode = topic -> 0x10;
        EdgeNode node = node();
        node.start();

        await("the samples are deleted", () -> store.stats().acknowledged() == 2);
        assertEquals(1, broker.connects.size(), "one session: 0x10 is a success code");
    }

    @Test
    void refusedCredentialsGiveTheSameClearErrorAsOnMqtt311() throws Exception {
        broker.connackCode = 0x86;
        appendPumpSamples(1);
        Path passwordFile = dataDir.resolve("mqtt.secret");
        java.nio.file.Files.writeString(passwordFile, "not-the-password\n");
        java.nio.file.Files.setPosixFilePermissions(passwordFile,
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        EdgeNode node = node(new EdgeNodeSettings("tcp://127.0.0.1:" + broker.port(), "plant", "gw1", "gw1", 30,
                "gw01", passwordFile, dataDir, 50, 200));
        node.start();

        await("the refusal is reported", () -> node.stats().lastError().contains("refused"));
        assertEquals("the broker refused the user name or password (0x86 Bad User Name or Password)",
                node.stats().lastError());
        assertEquals("gw01", broker.connects.get(0).username());
        assertTrue(!node.stats().lastError().contains("not-the-password"), "no secret in the status");
        assertEquals(1, store.stats().pending(), "the data stays in the store");

        broker.connackCode = 0x87;
        await("not authorised is the same refusal", () -> node.stats().lastError().contains("0x87 Not authorized"));
        assertTrue(node.stats().lastError().startsWith("the broker refused the user name or password"));
        assertTrue(ConnectFailures.needsInstaller(new org.eclipse.paho.mqttv5.common.MqttException(0x87)),
                "logged at ERROR: retrying will not fix it");
    }

    @Test
    void theBrokersReceiveMaximumBoundsTheMessagesInFlight() throws Exception {
        broker.receiveMaximum = 2;
        broker.ackDelayMillis = 20;
        long now = System.currentTimeMillis();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // one message per device and batch: pump and meter alternate, so many messages go out
            samples.add(new Sample(TestSite.INT32, Value.of(DataType.INT32, i), Quality.GOOD, now + i, now + i));
            samples.add(new Sample(TestSite.FLOAT32, Value.of(DataType.FLOAT32, (float) i), Quality.GOOD, now + i,
                    now + i));
        }
        EdgeNode node = node();
        node.start();
        await("online", () -> node.stats().connected());
        for (Sample sample : samples) {
            store.append(List.of(sample));
            Thread.sleep(2);
        }

        await("all 60 samples are delivered", () -> store.stats().acknowledged() == 60);
        assertTrue(broker.mostUnacknowledged() <= 2,
                "never more than the broker's Receive Maximum in flight: " + broker.mostUnacknowledged());
        assertEquals(1, broker.connects.size(), "the session never broke");
    }

    @Test
    void aBrokerThatSpeaksOnlyMqtt311SaysSo() throws Exception {
        int port = TestBroker.freePort();
        cleanup.add(TestBroker.start(port)); // Moquette 0.17: MQTT 3.1.1 only
        appendPumpSamples(1);
        EdgeNode node = node(new EdgeNodeSettings("tcp://127.0.0.1:" + port, "plant", "gw1", "gw1", 30, null, null,
                dataDir, 50, 200));
        node.start();

        await("the refusal is reported", () -> node.stats().lastError().contains("MQTT 5"));
        assertTrue(node.stats().lastError().startsWith("the broker does not speak MQTT 5 ("),
                node.stats().lastError());
        assertTrue(node.stats().lastError().endsWith("; set uplink mqttVersion: 3.1.1"), node.stats().lastError());
        assertEquals(1, store.stats().pending(), "the data stays in the store");
    }
}
