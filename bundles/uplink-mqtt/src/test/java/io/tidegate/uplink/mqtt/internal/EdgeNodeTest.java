package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidegate.api.DataType;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edge node against a real MQTT broker (Moquette in this JVM) and a Paho subscriber as the host. */
class EdgeNodeTest {
    private static final String GROUP = "plant";
    private static final String NODE = "gw1";
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Held so the level and handler set on it are not garbage-collected. */
    private static Logger moquetteLog;

    @TempDir
    Path dataDir;

    private final TestSite site = new TestSite();
    private final MetricCatalog catalog = new MetricCatalog(site);
    private final FakeStore store = new FakeStore();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

    record Message(String topic, SparkplugBPayload payload) {
        String type() {
            return topic.split("/")[2];
        }

        String device() {
            String[] parts = topic.split("/");
            return parts.length > 4 ? parts[4] : null;
        }

        long bdSeq() {
            return (Long) payload.getMetrics().stream().filter(m -> "bdSeq".equals(m.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no bdSeq in " + topic)).getValue();
        }
    }

    @BeforeAll
    static void quietBroker() {
        moquetteLog = Logger.getLogger("io.moquette");
        moquetteLog.setLevel(Level.WARNING);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        assertTrue(store.violations.isEmpty(), "store contract broken: " + store.violations);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private EdgeNode node(int port) {
        return node(port, catalog);
    }

    private EdgeNode node(int port, MetricCatalog metrics) {
        EdgeNodeSettings settings = new EdgeNodeSettings("tcp://127.0.0.1:" + port, GROUP, NODE, NODE, 30, null, null,
                dataDir, 50, 200);
        EdgeNode node = new EdgeNode(settings, store, metrics);
        cleanup.add(node::stop);
        return node;
    }

    private TestBroker broker(int port) throws Exception {
        TestBroker broker = TestBroker.start(port);
        cleanup.add(broker);
        return broker;
    }

    /** A host application: subscribes to the group and decodes every message with Tahu. */
    private MqttClient host(int port) throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "host-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                if (topic.contains("/NCMD/") || topic.contains("/DCMD/")) {
                    return; // the host's own commands
                }
                received.add(new Message(topic, new SparkplugBPayloadDecoder().buildFromByteArray(message.getPayload(), null)));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        client.connect(options);
        client.subscribe("spBv1.0/" + GROUP + "/#", 1);
        cleanup.add(() -> {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        });
        return client;
    }

    private Message nextMessage() throws InterruptedException {
        Message m = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            fail("no Sparkplug message within " + WAIT);
        }
        return m;
    }

    private Message expect(String type, String device, long seq) throws InterruptedException {
        Message m = nextMessage();
        assertEquals(type + (device == null ? "" : "/" + device), m.type() + (m.device() == null ? "" : "/" + m.device()),
                "message " + m.topic);
        assertEquals(seq, m.payload().getSeq(), "seq of " + m.topic);
        return m;
    }

    /** Waits (bounded) for a condition the edge node brings about asynchronously. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, WAIT, condition);
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        await(what, limit, condition, () -> "");
    }

    private static void await(String what, Duration limit, BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what + " " + state.get());
            }
            Thread.sleep(10);
        }
    }

    private static Sample good(String point, Value value, long time) {
        return new Sample(point, value, Quality.GOOD, time, time);
    }

    private static Metric byAlias(MetricCatalog catalog, SparkplugBPayload payload, String pointId) {
        long alias = catalog.alias(pointId);
        return payload.getMetrics().stream().filter(m -> m.hasAlias() && m.getAlias() == alias).findFirst()
                .orElseThrow(() -> new AssertionError("no metric for " + pointId + " in " + payload));
    }

    private static Metric byName(SparkplugBPayload payload, String name) {
        return payload.getMetrics().stream().filter(m -> name.equals(m.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    /** Counts the edge node's warnings: one per failed connection attempt. */
    private AtomicInteger countWarnings() {
        return countWarnings(new ArrayList<>());
    }

    private AtomicInteger countWarnings(List<String> messages) {
        AtomicInteger warnings = new AtomicInteger();
        Logger log = Logger.getLogger(EdgeNode.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.incrementAndGet();
                    synchronized (messages) {
                        messages.add(java.text.MessageFormat.format(record.getMessage(), record.getParameters()));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        cleanup.add(() -> log.removeHandler(handler));
        return warnings;
    }

    // ---- tests -----------------------------------------------------------------------------------

    @Test
    void birthsComeFirstThenTheBacklogThenLiveData() throws Exception {
        int port = TestBroker.freePort();
        broker(port);
        host(port);
        long before = System.currentTimeMillis() - 60_000;
        store.append(List.of(
                good(TestSite.INT32, Value.of(DataType.INT32, 1), before),
                good(TestSite.FLOAT32, Value.of(DataType.FLOAT32, 230.5f), before + 1),
                good(TestSite.INT32, Value.of(DataType.INT32, 2), before + 2)));
        EdgeNode node = node(port);
        node.start();

        Message nbirth = expect("NBIRTH", null, 0);
        assertEquals("spBv1.0/plant/NBIRTH/gw1", nbirth.topic());
        assertEquals(0L, nbirth.bdSeq(), "first session on an empty data dir");
        Message pumpBirth = expect("DBIRTH", TestSite.PUMP, 1);
        assertEquals(site.device(TestSite.PUMP).points().size(), pumpBirth.payload().getMetrics().size());
        expect("DBIRTH", TestSite.METER, 2);

        // the backlog, one DDATA per device in store order, flagged historical with source times
        Message pumpData = expect("DDATA", TestSite.PUMP, 3);
        assertEquals(List.of(1, 2), pumpData.payload().getMetrics().stream()
                .map(m -> ((Number) m.getValue()).intValue()).toList());
        for (Metric m : pumpData.payload().getMetrics()) {
            assertEquals(catalog.alias(TestSite.INT32), m.getAlias());
            assertEquals(Boolean.TRUE, m.isHistorical());
        }
        assertEquals(before, pumpData.payload().getMetrics().get(0).getTimestamp().getTime());
        Message meterData = expect("DDATA", TestSite.METER, 4);
        assertEquals(230.5f, byAlias(catalog, meterData.payload(), TestSite.FLOAT32).getValue());

        await("the broker's acks delete the backlog", () -> store.stats().pending() == 0);
        assertEquals(3, store.stats().acknowledged());
        await("the forwarded count includes the backlog", () -> node.stats().forwarded() == 3);
        assertTrue(node.stats().connected());
        assertEquals("", node.stats().lastError());

        // live data: not historical, seq continues
        long now = System.currentTimeMillis();
        store.append(List.of(good(TestSite.UINT32, Value.of(DataType.UINT32, 4294967295L), now)));
        Message live = expect("DDATA", TestSite.PUMP, 5);
        Metric heartbeat = byAlias(catalog, live.payload(), TestSite.UINT32);
        assertEquals(4294967295L, ((Number) heartbeat.getValue()).longValue());
        assertNotEquals(Boolean.TRUE, heartbeat.isHistorical());
        assertEquals(now, heartbeat.getTimestamp().getTime());
        await("the live sample is acknowledged", () -> store.stats().pending() == 0 && node.stats().forwarded() == 4);
    }

    @Test
    void gatewayPointsArePublishedAsNodeMetricsInNdataAheadOfTelemetry() throws Exception {
        int port = TestBroker.freePort();
        broker(port);
        host(port);
        long now = System.currentTimeMillis();
        store.append(List.of(good(TestSite.INT32, Value.of(DataType.INT32, 1), now)));
        store.append(List.of(
                good(GatewayPoints.STORE_EVENT.id(), Value.of(DataType.STRING, "1523 samples dropped"), now),
                good(GatewayPoints.STORE_DROPPED.id(), Value.of(DataType.INT64, 1523), now),
                good(GatewayPoints.STORE_ALARM.id(), Value.ofBoolean(true), now)), io.tidegate.api.Lane.PRIORITY);
        EdgeNode node = node(port);
        node.start();

        Message nbirth = expect("NBIRTH", null, 0);
        for (var point : GatewayPoints.ALL) {
            Metric declared = byName(nbirth.payload(), GatewayPoints.metricName(point));
            assertEquals(catalog.alias(point.id()), declared.getAlias(), point.id() + " alias in NBIRTH");
            assertEquals(MetricTypes.of(point.type()), declared.getDataType());
        }
        expect("DBIRTH", TestSite.PUMP, 1);
        expect("DBIRTH", TestSite.METER, 2);
        // the priority lane goes first, as NDATA on the node's topic, by alias
        Message ndata = expect("NDATA", null, 3);
        assertEquals("spBv1.0/plant/NDATA/gw1", ndata.topic());
        assertEquals("1523 samples dropped", byAlias(catalog, ndata.payload(), GatewayPoints.STORE_EVENT.id()).getValue());
        assertEquals(1523L, byAlias(catalog, ndata.payload(), GatewayPoints.STORE_DROPPED.id()).getValue());
        assertEquals(true, byAlias(catalog, ndata.payload(), GatewayPoints.STORE_ALARM.id()).getValue());
        assertEquals(now, byAlias(catalog, ndata.payload(), GatewayPoints.STORE_ALARM.id()).getTimestamp().getTime());
        expect("DDATA", TestSite.PUMP, 4);
        await("all acknowledged", () -> store.stats().pending() == 0);

        // later gateway events go out as NDATA too, seq continuing
        store.append(List.of(good(GatewayPoints.STORE_ALARM.id(), Value.ofBoolean(false), now + 1)),
                io.tidegate.api.Lane.PRIORITY);
        expect("NDATA", null, 5);
    }

    @Test
    void commandsAreResolvedByNameOrAliasAndHandedToTheCommandHandler() throws Exception {
        int port = TestBroker.freePort();
        broker(port);
        MqttClient host = host(port);
        BlockingQueue<io.tidegate.api.CommandHandler.Write> commands = new LinkedBlockingQueue<>();
        EdgeNodeSettings settings = new EdgeNodeSettings("tcp://127.0.0.1:" + port, GROUP, NODE, NODE, 30, null, null,
                dataDir, 50, 200);
        EdgeNode node = new EdgeNode(settings, store, catalog, write -> {
            commands.add(write);
            return java.util.concurrent.CompletableFuture.completedFuture(new io.tidegate.api.CommandHandler.Result(
                    io.tidegate.api.CommandHandler.Outcome.REFUSED, "test"));
        });
        cleanup.add(node::stop);
        node.start();
        expect("NBIRTH", null, 0);
        expect("DBIRTH", TestSite.PUMP, 1);
        expect("DBIRTH", TestSite.METER, 2);
        var Double = org.eclipse.tahu.message.model.MetricDataType.Double;

        host.publish("spBv1.0/plant/DCMD/gw1/pump", NodeCommandsTest.ncmd(TestSite.FLOAT64, Double, 1.5), 1, false);
        var write = commands.poll(15, TimeUnit.SECONDS);
        assertEquals(new io.tidegate.api.CommandHandler.Write(TestSite.PUMP, TestSite.FLOAT64, 1.5,
                "spBv1.0/plant/DCMD/gw1/pump"), write);

        // by alias, as a host that learned the aliases from DBIRTH sends it
        byte[] byAlias = new org.eclipse.tahu.message.SparkplugBPayloadEncoder().getBytes(
                new org.eclipse.tahu.message.model.SparkplugBPayload.SparkplugBPayloadBuilder()
                        .addMetric(new org.eclipse.tahu.message.model.Metric.MetricBuilder(
                                catalog.alias(TestSite.FLOAT64), Double, 2.5).createMetric())
                        .createPayload(), false);
        host.publish("spBv1.0/plant/DCMD/gw1/pump", byAlias, 1, false);
        assertEquals(TestSite.FLOAT64, commands.poll(15, TimeUnit.SECONDS).pointId());

        // a point of another device, and an unknown name, go on as named: the handler refuses them
        host.publish("spBv1.0/plant/DCMD/gw1/meter", NodeCommandsTest.ncmd(TestSite.FLOAT64, Double, 1.5), 1, false);
        var misaddressed = commands.poll(15, TimeUnit.SECONDS);
        assertEquals(TestSite.METER, misaddressed.deviceId());
        assertEquals(TestSite.FLOAT64, misaddressed.pointId());
        host.publish("spBv1.0/plant/DCMD/gw1/pump", NodeCommandsTest.ncmd("pump/nope", Double, 1.0), 1, false);
        assertEquals("pump/nope", commands.poll(15, TimeUnit.SECONDS).pointId());

        // NCMD: the rebirth control is the node's own; any other metric is a write to a node metric
        host.publish("spBv1.0/plant/NCMD/gw1", NodeCommandsTest.ncmd("store/alarm",
                org.eclipse.tahu.message.model.MetricDataType.Boolean, false), 1, false);
        var nodeWrite = commands.poll(15, TimeUnit.SECONDS);
        assertEquals(GatewayPoints.NODE, nodeWrite.deviceId());
        assertEquals(GatewayPoints.STORE_ALARM.id(), nodeWrite.pointId());
        host.publish("spBv1.0/plant/NCMD/gw1", NodeCommandsTest.ncmd("Node Control/Rebirth",
                org.eclipse.tahu.message.model.MetricDataType.Boolean, true), 1, false);
        expect("NBIRTH", null, 0);
        assertEquals(null, commands.poll(200, TimeUnit.MILLISECONDS), "a rebirth request is not a write");
    }

    private static byte[] state(boolean online, long timestamp) {
        return ("{\"online\": " + online + ", \"timestamp\": " + timestamp + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void withThePrimaryHostOfflineDataIsBufferedAndOnceOnlineAllOfItIsDelivered() throws Exception {
        int port = TestBroker.freePort();
        broker(port);
        MqttClient host = host(port);
        String stateTopic = "spBv1.0/STATE/scada-main";
        long t = System.currentTimeMillis();
        host.publish(stateTopic, state(false, t), 1, true);
        EdgeNode node = new EdgeNode(new EdgeNodeSettings("tcp://127.0.0.1:" + port, GROUP, NODE, NODE, 30, null, null,
                dataDir, 50, 200).withPrimaryHost("scada-main"), store, catalog);
        cleanup.add(node::stop);
        long before = System.currentTimeMillis();
        store.append(List.of(good(TestSite.INT32, Value.of(DataType.INT32, 1), before)));
        node.start();

        await("the node waits for the primary host", () -> node.stats().lastError().contains(
                "waiting for primary host 'scada-main' to be online"));
        for (int i = 2; i <= 20; i++) {
            store.append(List.of(good(TestSite.INT32, Value.of(DataType.INT32, i), System.currentTimeMillis())));
            Thread.sleep(20);
        }
        Thread.sleep(500);
        // (An NDEATH here would be the broker's Will for a dropped connection, not the node publishing.)
        assertTrue(received.stream().noneMatch(m -> m.topic().startsWith("spBv1.0/" + GROUP)
                        && !m.topic().contains("/NDEATH/")),
                "nothing published while the primary host is offline: " + received);
        assertEquals(20, store.stats().pending(), "all of it buffered in the store");
        assertFalse(node.stats().connected(), "the status says it is not forwarding");

        // a stale STATE (older timestamp) does not count
        host.publish(stateTopic, state(true, t - 1000), 1, true);
        Thread.sleep(300);
        assertEquals(20, store.stats().pending());

        host.publish(stateTopic, state(true, t + 1), 1, true);
        Message birth = expect("NBIRTH", null, 0);
        long bdSeq = birth.bdSeq();
        expect("DBIRTH", TestSite.PUMP, 1);
        expect("DBIRTH", TestSite.METER, 2);
        List<Integer> delivered = new ArrayList<>();
        while (delivered.size() < 20) {
            Message data = nextMessage();
            assertEquals("DDATA", data.type(), data.topic());
            for (Metric m : data.payload().getMetrics()) {
                delivered.add(((Number) m.getValue()).intValue());
                assertEquals(Boolean.TRUE, m.isHistorical(), "buffered while the host was offline: historical");
            }
        }
        assertEquals(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList(), delivered, "all of it, in order");
        await("all acknowledged", () -> store.stats().pending() == 0);
        assertTrue(node.stats().connected());

        // the host goes offline: the session ends with NDEATH; data waits; back online: a new session delivers it
        host.publish(stateTopic, state(false, t + 2), 1, true);
        Message death = nextMessage();
        assertEquals("spBv1.0/plant/NDEATH/gw1", death.topic());
        assertEquals(bdSeq, death.bdSeq());
        store.append(List.of(good(TestSite.INT32, Value.of(DataType.INT32, 21), System.currentTimeMillis())));
        Thread.sleep(500);
        assertEquals(1, store.stats().pending());
        host.publish(stateTopic, state(true, t + 3), 1, true);
        Message rebirth = expect("NBIRTH", null, 0);
        assertEquals((bdSeq + 1) % 256, rebirth.bdSeq(), "a new session");
        expect("DBIRTH", TestSite.PUMP, 1);
        expect("DBIRTH", TestSite.METER, 2);
        assertEquals(21, ((Number) byAlias(catalog, expect("DDATA", TestSite.PUMP, 3).payload(), TestSite.INT32)
                .getValue()).intValue());
    }

    @Test
    void aDeviceThatGoesDownGetsDdeathAndWhenItAnswersAgainDbirth() throws Exception {
        int port = TestBroker.freePort();
        broker(port);
        host(port);
        site.states.put(TestSite.METER, io.tidegate.api.DeviceHealth.State.DOWN); // not read yet at start
        EdgeNode node = node(port);
        node.start();
        expect("NBIRTH", null, 0);
        expect("DBIRTH", TestSite.PUMP, 1);

        // the meter answers: DBIRTH, then its data
        site.states.put(TestSite.METER, io.tidegate.api.DeviceHealth.State.UP);
        long now = System.currentTimeMillis();
        store.append(List.of(good(TestSite.FLOAT32, Value.of(DataType.FLOAT32, 230f), now)));
        expect("DBIRTH", TestSite.METER, 2);
        expect("DDATA", TestSite.METER, 3);

        // it stops answering: the first bad samples go out with their reason, then DDEATH
        site.states.put(TestSite.METER, io.tidegate.api.DeviceHealth.State.DOWN);
        Quality lost = Quality.bad(Quality.Reason.COMM_FAILURE, "not answering");
        store.append(List.of(Sample.bad(TestSite.FLOAT32, lost, now + 1)));
        Message bad = expect("DDATA", TestSite.METER, 4);
        assertEquals("COMM_FAILURE: not answering", byAlias(catalog, bad.payload(), TestSite.FLOAT32).getProperties()
                .getPropertyValue("QualityReason").getValue());
        Message death = expect("DDEATH", TestSite.METER, 5);
        assertTrue(death.payload().getMetrics().isEmpty());

        // while it is down, its bad samples are covered by the DDEATH: no DDATA, and they leave the queue
        store.append(List.of(Sample.bad(TestSite.FLOAT32, lost, now + 2), Sample.bad(TestSite.FLOAT32, lost, now + 3),
                good(TestSite.INT32, Value.of(DataType.INT32, 7), now + 3)));
        expect("DDATA", TestSite.PUMP, 6);
        await("the dead meter's bad samples are deleted", () -> store.stats().pending() == 0);

        // it answers again: DBIRTH (with the last value sent), then data; seq continues throughout
        site.states.put(TestSite.METER, io.tidegate.api.DeviceHealth.State.UP);
        store.append(List.of(good(TestSite.FLOAT32, Value.of(DataType.FLOAT32, 231f), now + 4)));
        Message rebirth = expect("DBIRTH", TestSite.METER, 7);
        assertEquals(site.device(TestSite.METER).points().size(), rebirth.payload().getMetrics().size());
        assertEquals(231f, byAlias(catalog, expect("DDATA", TestSite.METER, 8).payload(), TestSite.FLOAT32).getValue());
    }

    @Test
    void withTheFirstBrokerDownTheNodeUsesTheNextAndNextServerMovesItOn() throws Exception {
        int first = TestBroker.freePort(); // nothing listens here at first
        int second = TestBroker.freePort();
        BlockingQueue<Message> onSecond = new LinkedBlockingQueue<>();
        cleanup.add(TestBroker.start(second, (topic, bytes) -> onSecond.add(decode(topic, bytes))));
        EdgeNode node = new EdgeNode(new EdgeNodeSettings("tcp://127.0.0.1:" + first, GROUP, NODE, NODE, 30, null,
                null, dataDir, 50, 200).withFailover(List.of("tcp://127.0.0.1:" + second)), store, catalog);
        cleanup.add(node::stop);
        node.start();

        Message birth = take(onSecond, "NBIRTH");
        assertEquals(0L, birth.bdSeq(), "the refused first broker used up no bdSeq");
        assertEquals(Boolean.FALSE, byName(birth.payload(), "Node Control/Next Server").getValue(),
                "NBIRTH offers the Next Server control");
        store.append(List.of(good(TestSite.INT32, Value.of(DataType.INT32, 1), System.currentTimeMillis())));
        take(onSecond, "DDATA");

        // the first broker comes up; the host asks the node to move on: NDEATH here, a new session there
        BlockingQueue<Message> onFirst = new LinkedBlockingQueue<>();
        cleanup.add(TestBroker.start(first, (topic, bytes) -> onFirst.add(decode(topic, bytes))));
        MqttClient host = new MqttClient("tcp://127.0.0.1:" + second, "host-next", new MemoryPersistence());
        host.connect();
        cleanup.add(() -> {
            host.disconnect();
            host.close();
        });
        host.publish("spBv1.0/plant/NCMD/gw1", NodeCommandsTest.ncmd("Node Control/Next Server",
                org.eclipse.tahu.message.model.MetricDataType.Boolean, true), 1, false);
        assertEquals(0L, take(onSecond, "NDEATH").bdSeq(), "the session on the second broker ends with its NDEATH");
        Message moved = take(onFirst, "NBIRTH");
        assertEquals(1L, moved.bdSeq(), "a new session on the next broker");
        store.append(List.of(good(TestSite.INT32, Value.of(DataType.INT32, 2), System.currentTimeMillis())));
        assertEquals(2, ((Number) byAlias(catalog, take(onFirst, "DDATA").payload(), TestSite.INT32).getValue())
                .intValue());
        await("online again", () -> node.stats().connected());
    }

    @Test
    void theJsonEncodingPublishesStatusAndDataAndItsWillMarksTheGatewayOffline() throws Exception {
        int port = TestBroker.freePort();
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        TestBroker broker = TestBroker.start(port, (topic, bytes) -> seen.add(topic + " "
                + new String(bytes, StandardCharsets.UTF_8)));
        cleanup.add(broker);
        long before = System.currentTimeMillis() - 60_000;
        store.append(List.of(good(TestSite.INT32, Value.of(DataType.INT32, 42), before)));
        EdgeNode node = new EdgeNode(new EdgeNodeSettings("tcp://127.0.0.1:" + port, GROUP, NODE, NODE, 30, null, null,
                dataDir, 50, 200).withJson(true), store, catalog);
        cleanup.add(node::stop);
        node.start();

        assertTrue(seen.poll(15, TimeUnit.SECONDS).startsWith("tidegate/plant/gw1/status {\"online\":true,"));
        assertTrue(seen.poll(15, TimeUnit.SECONDS).startsWith("tidegate/plant/gw1/pump/status {\"device\":\"pump\""));
        assertTrue(seen.poll(15, TimeUnit.SECONDS).startsWith("tidegate/plant/gw1/meter/status"));
        String data = seen.poll(15, TimeUnit.SECONDS);
        assertTrue(data.startsWith("tidegate/plant/gw1/pump/data {\"device\":\"pump\",\"samples\":[{\"point\":"
                + "\"pump/position\",\"value\":42,\"unit\":\"mm\",\"quality\":\"GOOD\""), data);
        assertTrue(data.contains("\"historical\":true"), data);
        await("the broker's ack deletes the sample", () -> store.stats().pending() == 0);

        node.stop();
        String offline = seen.poll(15, TimeUnit.SECONDS);
        assertTrue(offline.startsWith("tidegate/plant/gw1/status {\"online\":false,"), offline);
    }

    @Test
    void samplesAreDeletedOnlyAfterTheBrokerAcknowledgedThem() throws Exception {
        SilentBroker broker = new SilentBroker();
        cleanup.add(broker);
        store.checkAcknowledgementsAgainst(broker::samplesAcked);
        long now = System.currentTimeMillis();
        store.append(List.of(
                good(TestSite.INT32, Value.of(DataType.INT32, 1), now),
                good(TestSite.INT32, Value.of(DataType.INT32, 2), now),
                good(TestSite.STRING, Value.of(DataType.STRING, "x"), now)));
        EdgeNode node = node(broker.port());
        node.start();

        await("the broker has received all three samples", () -> broker.samplesReceived() == 3);
        await("the edge node is online", () -> node.stats().connected());
        assertEquals(0, store.stats().acknowledged(), "nothing may be deleted before the broker acks");
        assertEquals(3, store.stats().pending());
        assertEquals(0, node.stats().forwarded());

        broker.acknowledgeData();
        await("the acknowledged samples are deleted", () -> store.stats().pending() == 0);
        assertEquals(3, store.stats().acknowledged());
        await("forwarded counts them", () -> node.stats().forwarded() == 3);
        node.stop();
        // store.violations (checked after each test) records any delete before the broker's PUBACK
    }

    @Test
    void backlogOfAPointNoLongerInTheProfileIsKeptNotDeleted() throws Exception {
        SilentBroker broker = new SilentBroker();
        cleanup.add(broker);
        long now = System.currentTimeMillis();
        store.append(List.of(
                good("pump/renamed_since_the_outage", Value.of(DataType.INT32, 1), now),
                good(TestSite.INT32, Value.of(DataType.INT32, 2), now)));
        EdgeNode node = node(broker.port());
        node.start();

        await("the known sample reaches the broker", () -> broker.samplesReceived() == 1);
        broker.acknowledgeData();
        await("the known sample is deleted", () -> store.stats().acknowledged() == 1);
        node.stop();

        assertEquals(1, store.pending().size(), "the unknown point's sample stays in the queue");
        assertEquals("pump/renamed_since_the_outage", store.pending().get(0).pointId());
    }

    @Test
    void unacknowledgedSamplesGoBackToTheStoreWhenTheNodeStops() throws Exception {
        SilentBroker broker = new SilentBroker();
        cleanup.add(broker);
        store.checkAcknowledgementsAgainst(broker::samplesAcked);
        long now = System.currentTimeMillis();
        store.append(List.of(good(TestSite.INT64, Value.of(DataType.INT64, 7), now),
                good(TestSite.BOOL, Value.ofBoolean(true), now)));
        EdgeNode node = node(broker.port());
        node.start();
        await("the broker has received both samples", () -> broker.samplesReceived() == 2);
        assertEquals(2, store.stats().inFlight());

        node.stop();

        assertEquals(0, store.stats().acknowledged());
        assertEquals(2, store.stats().pending(), "unacknowledged samples stay on disk");
        assertEquals(0, store.stats().inFlight(), "and are handed out again next session");
        // The broker's reader thread records the NDEATH a moment after the node has sent it.
        await("NDEATH before the disconnect",
                () -> broker.published.stream().anyMatch(p -> p.topic().equals("spBv1.0/plant/NDEATH/gw1")));
    }

    @Test
    void aRebirthRequestRepeatsTheBirthsWithTheSameBdSeqAndSeqFromZero() throws Exception {
        int port = TestBroker.freePort();
        broker(port);
        MqttClient host = host(port);
        EdgeNode node = node(port);
        node.start();
        long bdSeq = expect("NBIRTH", null, 0).bdSeq();
        expect("DBIRTH", TestSite.PUMP, 1);
        expect("DBIRTH", TestSite.METER, 2);
        long now = System.currentTimeMillis();
        store.append(List.of(good(TestSite.INT32, Value.of(DataType.INT32, -5), now)));
        expect("DDATA", TestSite.PUMP, 3); // the store has nothing more to send: the next message is ours

        host.publish("spBv1.0/plant/NCMD/gw1", NodeCommandsTest.ncmd("Node Control/Rebirth",
                org.eclipse.tahu.message.model.MetricDataType.Boolean, true), 1, false);

        Message rebirth = expect("NBIRTH", null, 0);
        assertEquals(bdSeq, rebirth.bdSeq(), "a rebirth is the same session: same bdSeq");
        Message pump = expect("DBIRTH", TestSite.PUMP, 1);
        Metric position = byName(pump.payload(), TestSite.INT32);
        assertEquals(-5, ((Number) position.getValue()).intValue(), "DBIRTH carries the last value sent");
        assertEquals(192, position.getProperties().getPropertyValue("Quality").getValue());
        assertTrue(byName(pump.payload(), TestSite.INT16).isNull(), "a point never sent is still null");
        expect("DBIRTH", TestSite.METER, 2);

        store.append(List.of(good(TestSite.INT32, Value.of(DataType.INT32, 6), System.currentTimeMillis())));
        expect("DDATA", TestSite.PUMP, 3);
    }

    @Test
    void aRebirthFalseCommandChangesNothing() throws Exception {
        int port = TestBroker.freePort();
        broker(port);
        MqttClient host = host(port);
        EdgeNode node = node(port);
        node.start();
        expect("NBIRTH", null, 0);
        expect("DBIRTH", TestSite.PUMP, 1);
        expect("DBIRTH", TestSite.METER, 2);

        host.publish("spBv1.0/plant/NCMD/gw1", NodeCommandsTest.ncmd("Node Control/Rebirth",
                org.eclipse.tahu.message.model.MetricDataType.Boolean, false), 1, false);
        host.publish("spBv1.0/plant/NCMD/gw1", "garbage".getBytes(StandardCharsets.UTF_8), 1, false);
        // the next message after the commands is data with the seq continuing, not a birth
        store.append(List.of(good(TestSite.BOOL, Value.ofBoolean(true), System.currentTimeMillis())));
        Message m = nextMessage();
        assertEquals("DDATA", m.type());
        assertEquals(3L, m.payload().getSeq());

        // the garbage did not break the command subscription: a real request still works
        host.publish("spBv1.0/plant/NCMD/gw1", NodeCommandsTest.ncmd("Node Control/Rebirth",
                org.eclipse.tahu.message.model.MetricDataType.Boolean, true), 1, false);
        expect("NBIRTH", null, 0);
    }

    @Test
    void stopPublishesTheDeathOfTheSessionAndTheNextSessionTakesTheNextBdSeq() throws Exception {
        int port = TestBroker.freePort();
        broker(port);
        host(port);
        Files.writeString(dataDir.resolve("sparkplug-bdseq"), "41", StandardCharsets.US_ASCII);
        EdgeNode node = node(port);
        node.start();
        long bdSeq = expect("NBIRTH", null, 0).bdSeq();
        assertEquals(42, bdSeq);
        expect("DBIRTH", TestSite.PUMP, 1);
        expect("DBIRTH", TestSite.METER, 2);

        node.stop();

        Message death = nextMessage();
        assertEquals("spBv1.0/plant/NDEATH/gw1", death.topic());
        assertEquals(bdSeq, death.bdSeq());
        assertFalse(node.stats().connected());

        EdgeNode restarted = node(port);
        restarted.start();
        Message birth = expect("NBIRTH", null, 0);
        assertEquals(43, birth.bdSeq(), "a restart continues from the persisted bdSeq");
        restarted.stop();
    }

    @Test
    void withNoBrokerSamplesStayInTheStoreAndTheBdSeqIsNotUsedUp() throws Exception {
        int port = TestBroker.freePort(); // nothing listens there
        Files.writeString(dataDir.resolve("sparkplug-bdseq"), "7", StandardCharsets.US_ASCII);
        long before = System.currentTimeMillis() - 1000;
        store.append(List.of(good(TestSite.INT32, Value.of(DataType.INT32, 1), before),
                good(TestSite.FLOAT32, Value.of(DataType.FLOAT32, 1.5f), before)));
        AtomicInteger failedAttempts = countWarnings();
        EdgeNode node = node(port);
        node.start();

        await("several connection attempts were refused", () -> failedAttempts.get() >= 3);
        assertFalse(node.stats().connected());
        assertNotNull(node.stats().lastError());
        assertFalse(node.stats().lastError().isEmpty(), "the refusal is reported");
        assertEquals(0, node.stats().forwarded());
        assertEquals(0, store.stats().acknowledged());
        assertEquals(2, store.stats().pending());
        assertEquals(0, store.stats().inFlight(), "nothing is handed out without a session");

        node.stop();
        assertEquals(7, new BdSeqFile(dataDir).last(), "refused attempts give their bdSeq back");
        assertEquals(2, store.stats().pending());

        // the broker comes up: the next session is bdSeq 8, and the backlog goes out historical
        broker(port);
        host(port);
        EdgeNode again = node(port);
        again.start();
        assertEquals(8, expect("NBIRTH", null, 0).bdSeq());
        expect("DBIRTH", TestSite.PUMP, 1);
        expect("DBIRTH", TestSite.METER, 2);
        Message pump = expect("DDATA", TestSite.PUMP, 3);
        assertEquals(Boolean.TRUE, byAlias(catalog, pump.payload(), TestSite.INT32).isHistorical());
        expect("DDATA", TestSite.METER, 4);
    }

    @Test
    void theNodeReconnectsByItselfWhenTheBrokerComesBack() throws Exception {
        int port = TestBroker.freePort();
        BlockingQueue<Message> seen = new LinkedBlockingQueue<>();
        TestBroker first = TestBroker.start(port, (topic, bytes) -> seen.add(decode(topic, bytes)));
        cleanup.add(first);
        AtomicInteger warnings = countWarnings();
        EdgeNode node = node(port);
        node.start();
        Message birth = take(seen, "NBIRTH");
        long bdSeq = birth.bdSeq();
        await("online", () -> node.stats().connected());

        first.close();
        await("the node notices the broker is gone", () -> !node.stats().connected());
        int warningsAtOutage = warnings.get();
        long during = System.currentTimeMillis();
        store.append(List.of(good(TestSite.INT32, Value.of(DataType.INT32, 99), during)));
        await("the node keeps trying", () -> warnings.get() >= warningsAtOutage + 3);
        assertEquals(1, store.stats().pending(), "the sample waits on disk");
        assertFalse(node.stats().lastError().isEmpty());

        TestBroker second = TestBroker.start(port, (topic, bytes) -> seen.add(decode(topic, bytes)));
        cleanup.add(second);
        Message rebirth = take(seen, "NBIRTH");
        assertEquals(bdSeq + 1, rebirth.bdSeq(), "a new session takes the next bdSeq; refused attempts used none");
        assertEquals(0L, rebirth.payload().getSeq());
        Message data = take(seen, "DDATA");
        Metric m = byAlias(catalog, data.payload(), TestSite.INT32);
        assertEquals(99, ((Number) m.getValue()).intValue());
        assertEquals(during, m.getTimestamp().getTime());
        assertEquals(Boolean.TRUE, m.isHistorical(), "taken before the session came up");
        await("online again", () -> node.stats().connected() && node.stats().lastError().isEmpty());
    }

    /**
     * Every sample the broker acknowledged is deleted while the session is up. Fails on the race in
     * EdgeNode.publish(): the token goes into inFlight only after client.publish() returned, so a
     * PUBACK that arrives first (a broker on the same host) finds no entry in
     * DeliveryListener.onSuccess and is dropped; those samples stay in flight until the session
     * ends and are then sent a second time.
     */
    @Test
    void everySampleTheBrokerAcknowledgesIsDeletedWhileTheSessionIsUp() throws Exception {
        int port = TestBroker.freePort();
        broker(port);
        ManyDevicesSite many = new ManyDevicesSite(100);
        EdgeNode node = node(port, new MetricCatalog(many));
        node.start();
        await("online", () -> node.stats().connected());
        int appended = 0;
        for (int round = 0; round < 60; round++) {
            List<Sample> samples = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (int i = 0; i < 500; i++) {
                samples.add(good(ManyDevicesSite.pointOf(i % 100), Value.of(DataType.INT32, round * 500 + i), now));
            }
            store.append(samples);
            appended += samples.size();
            int expected = appended;
            await("round " + round + ": every sample the broker acknowledged is deleted", Duration.ofSeconds(5),
                    () -> store.stats().pending() == 0 && node.stats().forwarded() == expected,
                    () -> "(store " + store.stats() + ", forwarded " + node.stats().forwarded() + " of " + expected + ")");
        }
        assertTrue(node.stats().connected());
    }

    /**
     * A broker behind a slow link (acks come late, then one every 5 ms) must not make the node drop its
     * session: a dropped session means a Will NDEATH, a new bdSeq, births again and everything in
     * flight sent twice. Fails because EdgeNode.forwardUntilDisconnected() checks
     * inFlight.size() >= MAX_IN_FLIGHT_MESSAGES (200) only before a batch, while one batch publishes one
     * DDATA per device; Paho's window is 210 (setMaxInflight(MAX_IN_FLIGHT_MESSAGES + 10)), so with more
     * than 10 devices a batch started at 199 in flight overflows it, publish() throws
     * "Too many publishes in progress" (32202) and the session ends.
     */
    @Test
    void aSlowBrokerDoesNotMakeTheNodeDropItsSession() throws Exception {
        SilentBroker broker = new SilentBroker();
        cleanup.add(broker);
        broker.acknowledgeDataSlowly(200, 500, 5);
        ManyDevicesSite many = new ManyDevicesSite(40);
        List<Sample> backlog = new ArrayList<>();
        long before = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < 4000; i++) {
            backlog.add(good(ManyDevicesSite.pointOf(i % 40), Value.of(DataType.INT32, i), before + i));
        }
        store.append(backlog);
        List<String> warnings = new ArrayList<>();
        countWarnings(warnings);
        EdgeNode node = node(broker.port(), new MetricCatalog(many));
        node.start();

        await("the backlog is delivered", Duration.ofSeconds(30), () -> store.stats().pending() == 0);
        synchronized (warnings) {
            assertEquals(1, broker.connections(), "MQTT sessions opened; the node logged " + warnings);
        }
        assertEquals(4000, broker.samplesReceived(), "samples the broker received for 4000 appended");
    }

    private static Message decode(String topic, byte[] bytes) {
        try {
            return new Message(topic, new SparkplugBPayloadDecoder().buildFromByteArray(bytes, null));
        } catch (Exception e) {
            throw new AssertionError("undecodable message on " + topic, e);
        }
    }

    private static Message take(BlockingQueue<Message> queue, String type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Message m = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                fail("no " + type + " within " + WAIT);
            }
            if (m.type().equals(type)) {
                return m;
            }
        }
    }
}
