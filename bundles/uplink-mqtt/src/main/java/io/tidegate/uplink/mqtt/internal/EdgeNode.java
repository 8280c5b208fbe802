package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.CommandHandler;
import io.tidegate.api.Device;
import io.tidegate.api.GatewayPoints;
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

/**
 * A Sparkplug B edge node: one thread that connects, births, forwards the store's backlog and live
 * samples, and reconnects with backoff when the broker goes away.
 *
 * <p>Each CONNECT takes a new {@code bdSeq} (persisted first) and carries NDEATH with it as the
 * Will. {@code seq} is assigned here, at send time, in publish order, and restarts at 0 with each
 * NBIRTH. Samples are deleted from the store only when the broker has acknowledged the QoS 1
 * publish that carried them; whatever is in flight when a session ends goes back to the store and
 * is sent again in the next session. The same logic runs over MQTT 3.1.1 and 5 ({@link MqttConnection});
 * an MQTT 5 PUBACK with a failure reason code ends the session like a broken one, its samples kept.
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
    private final Encoding encoding;
    private final Topics topics;
    private final BdSeqFile bdSeqFile;
    private final Backoff backoff;

    private final Map<String, Sample> lastSent = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
    private final Map<DeliveryListener, List<Long>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final CommandDispatcher commands;
    /** Devices without a live DBIRTH in this session (down, or DDEATH sent); used by the forwarding thread only. */
    private final Set<String> deadDevices = new java.util.HashSet<>();
    /** Bad samples of dead devices, represented by their DDEATH: deleted unsent (see publishDevice). */
    private final List<Long> coveredByDeath = new ArrayList<>();

    private volatile boolean running;
    private volatile boolean connected;
    private volatile boolean rebirthRequested;
    /** The primary host whose STATE gates publishing, or null. */
    private final PrimaryHostState primaryHost;
    /** True once NBIRTH was sent in this session. */
    private boolean born;
    /** True while a session ends on purpose (primary host offline, Next Server): NDEATH, then DISCONNECT. */
    private volatile boolean leaving;
    /** Set by NCMD {@code Node Control/Next Server}. */
    private volatile boolean nextServerRequested;
    /** Move on to the next broker of the failover list when this session ends. */
    private boolean moveToNextServer;
    /** Index into settings.servers() of the broker used (or tried) now. */
    private int serverIndex;
    private boolean firstDataAcknowledged;
    private volatile String lastError = "";
    /** Set when the broker refused a publish (MQTT 5 PUBACK reason code 0x80 or above); ends the session. */
    private volatile String refusal;
    /** The last session ended on a refused publish: the next one does not reset the backoff. */
    private boolean lastSessionRefused;
    private volatile MqttConnection client;
    private Thread thread;
    private long bdSeq;
    private long seq;
    private long sessionStart;

    EdgeNode(EdgeNodeSettings settings, SampleStore store, MetricCatalog catalog) {
        this(settings, store, catalog, null);
    }

    /** @param commandHandler takes DCMD/NCMD writes; null refuses them all (with a log line) */
    EdgeNode(EdgeNodeSettings settings, SampleStore store, MetricCatalog catalog, CommandHandler commandHandler) {
        this.commands = new CommandDispatcher(catalog, commandHandler, settings.edgeNodeId());
        this.primaryHost = settings.primaryHostId() == null ? null : new PrimaryHostState(settings.primaryHostId());
        this.settings = settings;
        this.store = store;
        this.catalog = catalog;
        this.payloads = new SparkplugPayloads(catalog);
        this.topics = new Topics(settings.groupId(), settings.edgeNodeId());
        this.encoding = settings.json() ? new JsonEncoding(settings.groupId(), settings.edgeNodeId(), catalog)
                : new SparkplugEncoding(topics, payloads);
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
        commands.stop();
    }

    UplinkStats stats() {
        return new UplinkStats(connected, forwarded.get(), lastError);
    }

    private void run() {
        while (running) {
            try {
                connect();
                if (!lastSessionRefused) {
                    backoff.reset(); // a broker that refuses our publishes is retried ever more slowly
                }
                forwardUntilDisconnected();
            } catch (InterruptedException e) {
                // stop() interrupted a wait; the loop ends because running is false
            } catch (Exception e) {
                lastError = ConnectFailures.describe(e, settings);
                // A refused certificate or a bad key file will not fix itself: say so loudly.
                LOG.log(ConnectFailures.needsInstaller(e) ? Level.ERROR : Level.WARNING, "{0}: {1}", settings,
                        lastError);
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
        refusal = null;
        char[] password = null;
        try {
            javax.net.SocketFactory sockets;
            try {
                password = settings.passwordFile() == null ? null
                        : SecretFiles.readPassword(settings.passwordFile(), "MQTT password file");
                sockets = settings.tls() == null ? null : TlsSocketFactory.create(settings.tls());
            } catch (java.io.IOException e) {
                throw connectFailed(e, true); // our own files: no CONNECT left this gateway
            }
            // One batch may add a DDATA per device beyond the cap, and a rebirth an NBIRTH and a DBIRTH
            // per device: the client's window must hold all of that, or a publish fails and drops the session.
            ConnectRequest request = new ConnectRequest(currentServer(), settings.clientId(),
                    settings.keepAliveSeconds(), CONNECT_TIMEOUT_MILLIS,
                    MAX_IN_FLIGHT_MESSAGES + 2 * catalog.devices().size() + 10, encoding.nodeDeath(bdSeq),
                    settings.username(), password, sockets, settings.tls() == null || settings.tls().verifyHostname());
            try {
                client = settings.mqttVersion().connect(request, new CommandListener());
            } catch (Exception e) {
                throw connectFailed(e, ConnectFailures.neverReachedBroker(e));
            }
        } finally {
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
        MqttConnection c = client;
        // Commands (and the primary host's STATE) are subscribed before NBIRTH, so a host's rebirth
        // request is never missed.
        List<String> subscriptions = new ArrayList<>(encoding.commandTopics());
        if (primaryHost != null) {
            subscriptions.add(primaryHost.topic());
        }
        if (!subscriptions.isEmpty()) {
            c.subscribe(subscriptions);
        }
        firstDataAcknowledged = false;
        born = false;
        leaving = false;
        moveToNextServer = false;
        nextServerRequested = false;
        if (primaryHost == null) {
            firstBirth();
        } else {
            lastError = "connected; waiting for primary host '" + primaryHost.hostId() + "' to be online";
            LOG.log(Level.INFO, "{0}: {1} (bdSeq {2}); data stays in the store", settings, lastError, bdSeq);
        }
    }

    /**
     * @param neverReachedBroker no CONNECT, hence no Will with this bdSeq, left this gateway: the
     *                           number is given back for the next attempt
     */
    private Exception connectFailed(Exception e, boolean neverReachedBroker) {
        if (neverReachedBroker) {
            giveBack();
        }
        moveToNextServer = true; // with a failover list, the next attempt tries the next broker
        return e;
    }

    private void firstBirth() throws Exception {
        // Data stored before the birth is backlog: published historical, with its original timestamps.
        sessionStart = System.currentTimeMillis();
        // Everything not yet delivered is backlog now, to go out oldest first (then live first once
        // the store splits off what is newer): the historical stream stays in order per point.
        store.newSession();
        rebirthRequested = false; // this birth answers any request that came before it
        birth();
        born = true;
        connected = true;
        lastError = "";
        LOG.log(Level.INFO, "{0}: online{1}, bdSeq {2}", settings,
                settings.failoverUris().isEmpty() ? "" : " at " + currentServer(), bdSeq);
    }

    /**
     * With a primary host configured, data is published only while its STATE says online: the
     * session is born once it is, and when it goes offline the session ends with NDEATH (the
     * Sparkplug 3.0 behaviour), so the next session waits for it again and its backlog stays in
     * the store meanwhile.
     *
     * @return true when forwarding may go on
     */
    private boolean primaryHostAllowsPublishing() throws Exception {
        if (primaryHost == null) {
            return true;
        }
        boolean online = primaryHost.online();
        if (!born) {
            if (!online) {
                return false;
            }
            LOG.log(Level.INFO, "{0}: primary host ''{1}'' is online", settings, primaryHost.hostId());
            firstBirth();
            return true;
        }
        if (!online) {
            LOG.log(Level.WARNING, "{0}: primary host ''{1}'' went offline; ending the session (NDEATH), data stays "
                    + "in the store until it is back", settings, primaryHost.hostId());
            leaving = true; // ends forwardUntilDisconnected; endSession sends NDEATH, then disconnects
            moveToNextServer = true; // Sparkplug: look for the primary host on the next broker
            return false;
        }
        return true;
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

    /**
     * NBIRTH, then a DBIRTH for every device, down or not: a device that does not answer must still
     * say why upstream, in the DDATA that carries its failure (with the reason), before its DDEATH
     * (see {@link #publishDevice}); a device never born could not.
     */
    private void birth() throws Exception {
        seq = 0;
        deadDevices.clear();
        publish(encoding.nodeBirth(bdSeq, nextSeq(), lastSent), null);
        for (Device device : catalog.devices()) {
            if (!device.points().isEmpty()) {
                publish(encoding.deviceBirth(device, lastSent, nextSeq()), null);
            }
        }
    }

    /**
     * Publishes one device's samples with its life cycle around them: a device without a DBIRTH in
     * this session is born first (once it answers again, or to deliver good backlog); the samples go
     * out as DDATA; a device that is down after them gets its DDEATH. The bad-quality samples a dead
     * device keeps producing (one per poll, no value) are not sent as DDATA, which Sparkplug forbids
     * after DDEATH: the DDEATH (or, in a later session, the missing DBIRTH) tells the host the same,
     * so they are deleted unsent. Samples with a value are never dropped this way: good backlog of a
     * device that is down now gets a DBIRTH, its DDATA, and a DDEATH again.
     */
    private void publishDevice(String deviceId, List<StoredSample> stored, List<Sample> samples, List<Long> ids)
            throws Exception {
        boolean down = catalog.isDown(deviceId);
        if (deadDevices.contains(deviceId)) {
            boolean anyValue = samples.stream().anyMatch(sample -> sample.value() != null);
            if (down && !anyValue) {
                coveredByDeath.addAll(ids);
                return;
            }
            Device device = catalog.device(deviceId);
            LOG.log(Level.INFO, "{0}: device {1} is back: DBIRTH", settings, deviceId);
            publish(encoding.deviceBirth(device, lastSent, nextSeq()), null);
            deadDevices.remove(deviceId);
        }
        publish(encoding.data(deviceId, stored, sessionStart, nextSeq()), ids);
        // Health is the state now, possibly newer than these samples: the DDEATH follows the DDATA that
        // carries the failure itself, never good samples the host would then read as the last word.
        if (down && samples.get(samples.size() - 1).value() == null) {
            LOG.log(Level.WARNING, "{0}: device {1} is down: DDEATH", settings, deviceId);
            publish(encoding.deviceDeath(deviceId, nextSeq()), null);
            deadDevices.add(deviceId);
        }
    }

    private String currentServer() {
        List<String> servers = settings.servers();
        return servers.get(serverIndex % servers.size());
    }

    private long nextSeq() {
        long s = seq;
        seq = (seq + 1) % 256;
        return s;
    }

    private void forwardUntilDisconnected() throws Exception {
        while (running && client.isConnected() && !leaving) {
            acknowledgeDelivered();
            if (refusal != null) {
                throw new PublishRefusedException(refusal);
            }
            if (nextServerRequested) {
                LOG.log(Level.INFO, "{0}: the host asked for the next server; ending this session (NDEATH)", settings);
                leaving = true;
                moveToNextServer = true;
                break;
            }
            if (!primaryHostAllowsPublishing()) {
                pause(IDLE_WAIT_MILLIS);
                continue;
            }
            if (rebirthRequested) {
                rebirthRequested = false;
                LOG.log(Level.INFO, "{0}: rebirth requested by the host", settings);
                birth();
            }
            if (inFlight.size() >= MAX_IN_FLIGHT_MESSAGES) {
                pause(IDLE_WAIT_MILLIS / 5);
                continue;
            }
            List<StoredSample> batch;
            try {
                // Woken by the store as soon as samples are committed: a reading does not wait for a poll.
                batch = store.next(BATCH, IDLE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                continue; // stop() interrupts; the loop condition checks running
            }
            if (batch.isEmpty()) {
                continue;
            }
            publishBatch(batch);
        }
    }

    /**
     * Publishes one DDATA per device (one NDATA for the gateway's own points), keeping the store's order within each device. Whatever was
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
                if (entry.getKey().equals(GatewayPoints.NODE)) {
                    // The gateway's own points are metrics of the edge node itself (Sparkplug: NDATA).
                    publish(encoding.data(GatewayPoints.NODE, entry.getValue(), sessionStart, nextSeq()), ids);
                } else {
                    publishDevice(entry.getKey(), entry.getValue(), samples, ids);
                }
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

    private void publish(Encoding.Out out, List<Long> ids) throws Exception {
        DeliveryListener listener = new DeliveryListener(ids == null ? List.of() : ids);
        if (ids != null) {
            // Registered before publishing: a local broker's PUBACK can arrive before publish() returns.
            inFlight.put(listener, ids);
        }
        try {
            client.publish(out, listener);
        } catch (Exception e) {
            inFlight.remove(listener);
            throw e;
        }
    }

    private void acknowledgeDelivered() throws StoreException {
        if (!coveredByDeath.isEmpty()) {
            store.acknowledge(new ArrayList<>(coveredByDeath));
            coveredByDeath.clear();
        }
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
            lastSessionRefused = false;
        }
    }

    private void endSession() {
        // A stop() interrupt must not cut the clean NDEATH and disconnect short.
        Thread.interrupted();
        connected = false;
        lastSessionRefused = refusal != null;
        MqttConnection c = client;
        client = null;
        if (c != null) {
            boolean deathSent = false;
            if (c.isConnected() && (!running || leaving)) {
                deathSent = publishDeathBeforeDisconnect(c);
            }
            // After our own NDEATH the socket must still end with DISCONNECT, or the broker would
            // publish the Will as a second NDEATH. After a failure, no DISCONNECT: the Will is the
            // host's only news that this session ended.
            c.close(deathSent);
        }
        if (moveToNextServer && settings.servers().size() > 1) {
            serverIndex = (serverIndex + 1) % settings.servers().size();
            LOG.log(Level.INFO, "{0}: next broker: {1}", settings, currentServer());
        }
        moveToNextServer = false;
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

    /** @return true when NDEATH was published (acknowledged or not): the session is to end with DISCONNECT */
    private boolean publishDeathBeforeDisconnect(MqttConnection c) {
        boolean published = false;
        try {
            // Throws only when NDEATH could not be handed to the client; then no DISCONNECT, so the Will goes out.
            c.publishAndWait(encoding.nodeDeath(bdSeq), 2000);
            published = true;
            // Let the acks of data already sent arrive, so they are not sent twice after a restart.
            long deadline = System.currentTimeMillis() + 2000;
            while (!inFlight.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            c.disconnect(5000);
            LOG.log(Level.INFO, "{0}: offline (NDEATH sent, bdSeq {1})", settings, bdSeq);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "{0}: clean disconnect failed: {1}", settings, describe(e));
        }
        return published;
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

    /**
     * Moves acknowledged sample ids to the queue the forwarding thread deletes from the store; a
     * refused publish (MQTT 5) ends the session and its samples stay in flight, so the end of the
     * session gives them back to the store to be sent again.
     */
    private final class DeliveryListener implements MqttConnection.Delivery {
        private final List<Long> ids;

        DeliveryListener(List<Long> ids) {
            this.ids = ids;
        }

        @Override
        public void acknowledged() {
            if (inFlight.remove(this) != null) {
                acked.addAll(ids);
            }
        }

        @Override
        public void refused(String reason) {
            refusal = "the broker refused a publish (" + reason + "); " + ids.size()
                    + " samples stay in the store and are sent again";
            lastError = refusal;
        }

        @Override
        public void failed(Throwable cause) {
            // Left in flight: endSession() gives it back to the store for the next session.
            lastError = describe(cause);
        }
    }

    /** Handles NCMD rebirth requests itself and hands DCMD/NCMD writes to the command dispatcher. */
    private final class CommandListener implements MqttConnection.Inbound {
        @Override
        public void connectionLost(String reason) {
            connected = false;
            lastError = "connection lost: " + reason;
            LOG.log(Level.WARNING, "{0}: {1}", settings, lastError);
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
            if (primaryHost != null && topic.equals(primaryHost.topic())) {
                primaryHost.accept(payload);
            } else if (topic.equals(topics.node("NCMD"))) {
                if (NodeCommands.asksForRebirth(payload)) {
                    rebirthRequested = true;
                }
                if (NodeCommands.asks(payload, SparkplugPayloads.NEXT_SERVER)) {
                    nextServerRequested = true;
                }
                // Any other NCMD metric is a write to the node's own (read-only) metrics: refused and audited.
                commands.dispatch(topic, GatewayPoints.NODE, payload);
            } else if (topic.startsWith(topics.node("DCMD") + "/")) {
                commands.dispatch(topic, topic.substring(topics.node("DCMD").length() + 1), payload);
            }
        }
    }

    /** The broker answered a publish with a failure reason code (MQTT 5). */
    static final class PublishRefusedException extends Exception {
        PublishRefusedException(String message) {
            super(message);
        }
    }
}
