package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.Device;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoredSample;
import io.tidegate.api.UplinkStats;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A Sparkplug B edge node: one thread that connects, births, forwards the store's backlog and live
 * samples, and reconnects with backoff when the broker goes away.
 *
 * <p>Each CONNECT takes a new {@code bdSeq} (persisted first) and carries NDEATH with it as the
 * Will. {@code seq} is assigned here, at send time, in publish order, and restarts at 0 with each
 * NBIRTH. Samples are deleted from the store only when the broker has acknowledged the QoS 1
 * publish that carried them; whatever is in flight when a session ends goes back to the store and
 * is sent again in the next session.
 */
final class EdgeNode {
    private static final Logger LOG = System.getLogger(EdgeNode.class.getName());
    private static final int BATCH = 500;
    private static final int MAX_IN_FLIGHT_MESSAGES = 200;
    private static final long IDLE_WAIT_MILLIS = 50;
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;

    private final EdgeNodeSettings settings;
    private final SampleStore store;
    private final MetricCatalog catalog;
    private final SparkplugPayloads payloads;
    private final Topics topics;
    private final BdSeqFile bdSeqFile;
    private final Backoff backoff;

    private final Map<String, Sample> lastSent = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
    private final Map<DeliveryListener, List<Long>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final Set<String> refusedCommandTopics = ConcurrentHashMap.newKeySet();

    private volatile boolean running;
    private volatile boolean connected;
    private volatile boolean rebirthRequested;
    private boolean firstDataAcknowledged;
    private volatile String lastError = "";
    private volatile MqttAsyncClient client;
    private Thread thread;
    private long bdSeq;
    private long seq;
    private long sessionStart;

    EdgeNode(EdgeNodeSettings settings, SampleStore store, MetricCatalog catalog) {
        this.settings = settings;
        this.store = store;
        this.catalog = catalog;
        this.payloads = new SparkplugPayloads(catalog);
        this.topics = new Topics(settings.groupId(), settings.edgeNodeId());
        this.bdSeqFile = new BdSeqFile(settings.dataDir());
        this.bdSeq = bdSeqFile.last();
        this.backoff = new Backoff(settings.reconnectMinMillis(), settings.reconnectMaxMillis());
    }

    synchronized void start() {
        running = true;
        thread = new Thread(this::run, "tidegate-sparkplug-" + settings.edgeNodeId());
        thread.start();
    }

    /** Stops forwarding, publishes NDEATH and disconnects cleanly. */
    void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    UplinkStats stats() {
        return new UplinkStats(connected, forwarded.get(), lastError);
    }

    private void run() {
        while (running) {
            try {
                connect();
                backoff.reset();
                forwardUntilDisconnected();
            } catch (InterruptedException e) {
                // stop() interrupted a wait; the loop ends because running is false
            } catch (Exception e) {
                lastError = describe(e);
                LOG.log(Level.WARNING, "{0}: {1}", settings, lastError);
            } finally {
                endSession();
            }
            if (running) {
                pause(backoff.nextDelayMillis());
            }
        }
    }

    private void connect() throws Exception {
        bdSeq = nextBdSeq();
        MqttAsyncClient c = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
        c.setCallback(new CommandListener());
        MqttConnectOptions options = new MqttConnectOptions();
        // A Sparkplug edge node starts every session clean; unacknowledged samples stay in our store,
        // not in the broker's session state, so nothing is lost across reconnects.
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(settings.keepAliveSeconds());
        options.setConnectionTimeout((int) (CONNECT_TIMEOUT_MILLIS / 1000));
        // One batch may add a DDATA per device beyond the cap, and a rebirth an NBIRTH and a DBIRTH
        // per device: Paho's window must hold all of that, or a publish fails and drops the session.
        options.setMaxInflight(MAX_IN_FLIGHT_MESSAGES + 2 * catalog.devices().size() + 10);
        options.setWill(topics.node("NDEATH"), payloads.nodeDeath(bdSeq), 1, false);
        if (settings.username() != null && !settings.username().isEmpty()) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(settings.password());
        }
        client = c;
        try {
            c.connect(options).waitForCompletion(CONNECT_TIMEOUT_MILLIS);
        } catch (MqttException e) {
            if (e.getCause() instanceof java.net.ConnectException) {
                giveBack();
            }
            throw e;
        }
        // Commands are subscribed before NBIRTH, so a host's rebirth request is never missed.
        c.subscribe(new String[] {topics.node("NCMD"), topics.node("DCMD") + "/+"}, new int[] {1, 1})
                .waitForCompletion(CONNECT_TIMEOUT_MILLIS);
        sessionStart = System.currentTimeMillis();
        firstDataAcknowledged = false;
        birth();
        connected = true;
        lastError = "";
        LOG.log(Level.INFO, "{0}: online, bdSeq {1}", settings, bdSeq);
    }

    /**
     * The next bdSeq, made durable first. If the disk is full the number cannot be saved, but the
     * node must still connect, or the queue that filled the disk could never drain: it then uses
     * the next number from memory and says so.
     */
    private long nextBdSeq() {
        try {
            return bdSeqFile.next();
        } catch (java.io.IOException e) {
            long next = (bdSeq + 1) % 256;
            LOG.log(Level.ERROR, "{0}: cannot save bdSeq ({1}); using {2} from memory", settings, e.getMessage(),
                    next);
            return next;
        }
    }

    /** No CONNECT reached a broker, so no Will carries this bdSeq: the next attempt may reuse it. */
    private void giveBack() {
        try {
            bdSeqFile.giveBack((int) bdSeq);
        } catch (java.io.IOException e) {
            // The number is then skipped, which Sparkplug hosts accept; it is never reused.
        }
        bdSeq = (bdSeq + 255) % 256;
    }

    private void birth() throws Exception {
        seq = 0;
        publish(topics.node("NBIRTH"), payloads.nodeBirth(bdSeq, nextSeq()), null);
        for (Device device : catalog.devices()) {
            if (!device.points().isEmpty()) {
                publish(topics.device("DBIRTH", device.id()), payloads.deviceBirth(device, lastSent, nextSeq()), null);
            }
        }
    }

    private long nextSeq() {
        long s = seq;
        seq = (seq + 1) % 256;
        return s;
    }

    private void forwardUntilDisconnected() throws Exception {
        while (running && client.isConnected()) {
            acknowledgeDelivered();
            if (rebirthRequested) {
                rebirthRequested = false;
                LOG.log(Level.INFO, "{0}: rebirth requested by the host", settings);
                birth();
            }
            if (inFlight.size() >= MAX_IN_FLIGHT_MESSAGES) {
                pause(IDLE_WAIT_MILLIS / 5);
                continue;
            }
            List<StoredSample> batch = store.next(BATCH);
            if (batch.isEmpty()) {
                pause(IDLE_WAIT_MILLIS);
                continue;
            }
            publishBatch(batch);
        }
    }

    /**
     * Publishes one DDATA per device, keeping the store's order within each device. Whatever was
     * handed out but not published (a publish failed midway) goes straight back to the store.
     */
    private void publishBatch(List<StoredSample> batch) throws Exception {
        Map<String, List<StoredSample>> byDevice = new LinkedHashMap<>();
        List<Long> unknown = new ArrayList<>();
        Set<Long> notPublished = new LinkedHashSet<>();
        for (StoredSample stored : batch) {
            notPublished.add(stored.id());
            var point = catalog.point(stored.sample().pointId());
            if (point == null) {
                unknown.add(stored.id());
            } else {
                byDevice.computeIfAbsent(point.deviceId(), d -> new ArrayList<>()).add(stored);
            }
        }
        try {
            if (!unknown.isEmpty()) {
                parkUnknown(batch, unknown);
                unknown.forEach(notPublished::remove);
            }
            for (Map.Entry<String, List<StoredSample>> entry : byDevice.entrySet()) {
                List<Sample> samples = new ArrayList<>();
                List<Long> ids = new ArrayList<>();
                for (StoredSample stored : entry.getValue()) {
                    samples.add(stored.sample());
                    ids.add(stored.id());
                }
                byte[] payload = payloads.deviceData(entry.getValue(), sessionStart, nextSeq());
                publish(topics.device("DDATA", entry.getKey()), payload, ids);
                // Removed one by one: Set.removeAll(List) can scan the list per element, O(n*m).
                ids.forEach(notPublished::remove);
                for (Sample sample : samples) {
                    lastSent.put(sample.pointId(), sample);
                }
            }
        } finally {
            if (!notPublished.isEmpty()) {
                store.release(notPublished);
            }
        }
    }

    /**
     * Backlog of points that are no longer in the site profile has no metric to be published under.
     * It is not deleted (nothing leaves the store unacknowledged): it stays on disk, handed out to
     * nobody until the next restart, and is counted here so an installer sees it.
     */
    private void parkUnknown(List<StoredSample> batch, List<Long> unknown) {
        Set<String> points = new java.util.TreeSet<>();
        for (StoredSample stored : batch) {
            if (unknown.contains(stored.id())) {
                points.add(stored.sample().pointId());
            }
        }
        parked.addAndGet(unknown.size());
        LOG.log(Level.WARNING, "{0}: {1} buffered samples of points not in the site profile stay in the queue "
                + "unsent ({2} so far): {3}", settings, unknown.size(), parked.get(), points);
    }

    private void publish(String topic, byte[] payload, List<Long> ids) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setRetained(false);
        DeliveryListener listener = ids == null ? null : new DeliveryListener(ids);
        if (listener != null) {
            // Registered before publishing: a local broker's PUBACK can arrive before publish() returns.
            inFlight.put(listener, ids);
        }
        try {
            client.publish(topic, message, null, listener);
        } catch (MqttException | RuntimeException e) {
            if (listener != null) {
                inFlight.remove(listener);
            }
            throw e;
        }
    }

    private void acknowledgeDelivered() throws StoreException {
        List<Long> ids = new ArrayList<>();
        for (Long id; (id = acked.poll()) != null; ) {
            ids.add(id);
        }
        if (!ids.isEmpty()) {
            store.acknowledge(ids);
            if (!firstDataAcknowledged) {
                firstDataAcknowledged = true;
                LOG.log(Level.INFO, "{0}: first data acknowledged by the broker", settings);
            }
            forwarded.addAndGet(ids.size());
        }
    }

    private void endSession() {
        // A stop() interrupt must not cut the clean NDEATH and disconnect short.
        Thread.interrupted();
        connected = false;
        MqttAsyncClient c = client;
        client = null;
        if (c != null) {
            if (c.isConnected() && !running) {
                publishDeathBeforeDisconnect(c);
            }
            try {
                c.disconnectForcibly(0, 1000, false);
            } catch (MqttException ignored) {
                // already gone
            }
            try {
                c.close(true);
            } catch (MqttException ignored) {
                // already closed
            }
        }
        try {
            acknowledgeDelivered();
        } catch (StoreException e) {
            LOG.log(Level.WARNING, "{0}: could not delete acknowledged samples: {1}", settings, e.getMessage());
        }
        // Whatever the broker did not acknowledge goes back to the store and is sent again.
        Collection<List<Long>> pending = new ArrayList<>(inFlight.values());
        inFlight.clear();
        for (List<Long> ids : pending) {
            store.release(ids);
        }
    }

    private void publishDeathBeforeDisconnect(MqttAsyncClient c) {
        try {
            MqttMessage death = new MqttMessage(payloads.nodeDeath(bdSeq));
            death.setQos(1);
            c.publish(topics.node("NDEATH"), death).waitForCompletion(2000);
            // Let the acks of data already sent arrive, so they are not sent twice after a restart.
            long deadline = System.currentTimeMillis() + 2000;
            while (!inFlight.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            c.disconnect(1000).waitForCompletion(2000);
            LOG.log(Level.INFO, "{0}: offline (NDEATH sent, bdSeq {1})", settings, bdSeq);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "{0}: clean disconnect failed: {1}", settings, describe(e));
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // stop() interrupts; the loop condition checks running
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null
                ? message + " (" + e.getCause().getMessage() + ")" : message;
    }

    /** Moves acknowledged sample ids to the queue the forwarding thread deletes from the store. */
    private final class DeliveryListener implements IMqttActionListener {
        private final List<Long> ids;

        DeliveryListener(List<Long> ids) {
            this.ids = ids;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            if (inFlight.remove(this) != null) {
                acked.addAll(ids);
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            // Left in flight: endSession() gives it back to the store for the next session.
            lastError = describe(cause);
        }
    }

    /** Handles NCMD rebirth requests; DCMD writes are refused, with a log line, until the audited command path lands. */
    private final class CommandListener implements org.eclipse.paho.client.mqttv3.MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            connected = false;
            lastError = "connection lost: " + describe(cause);
            LOG.log(Level.WARNING, "{0}: {1}", settings, lastError);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (topic.equals(topics.node("NCMD"))) {
                if (NodeCommands.asksForRebirth(message.getPayload())) {
                    rebirthRequested = true;
                }
            } else if (refusedCommandTopics.add(topic)) {
                // Writes from upstream need authorisation, range checks and an audit trail first.
                // Logged once per topic, so a chatty host cannot flood the log.
                LOG.log(Level.WARNING, "{0}: refused a command on {1}: device writes from upstream are not "
                        + "enabled in this version", settings, topic);
            }
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            // handled per message by DeliveryListener
        }
    }
}
