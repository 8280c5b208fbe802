package io.tidegate.driver.opcua.internal;

import io.tidegate.api.DriverException;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Quality.Reason;
import io.tidegate.api.Sample;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.api.UaSession;
import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoredItemCreateRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.MonitoringParameters;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * One subscription carrying a device's points, kept alive across connection loss and server
 * restarts:
 * <ul>
 *   <li>the session drops (keep-alive failed, socket closed): every point gets one bad sample
 *       (COMM_FAILURE), so the gap is visible upstream, and Milo reconnects by itself;</li>
 *   <li>the session comes back and the subscription was transferred: current values are read once,
 *       because an unchanged value would otherwise never replace the bad sample;</li>
 *   <li>the transfer failed (the server restarted and forgot it) or the subscription timed out: it
 *       is created anew, resolving addresses again, retrying until it succeeds or is closed.</li>
 * </ul>
 */
final class SubscriptionFeed implements AutoCloseable {
    private static final Logger LOG = System.getLogger(SubscriptionFeed.class.getName());
    private static final long RETRY_MILLIS = 2_000;
    static final int ITEMS_PER_REQUEST = 1_000;

    private final String deviceId;
    private final OpcUaClient client;
    private final OpcUaSettings settings;
    private final List<Point> points;
    private final Consumer<List<Sample>> sink;
    private final Runnable forgetResolved;
    private final long timeout;
    private final ScheduledExecutorService worker;
    private final SessionActivityListener activity = new Activity();
    private volatile UaSubscription subscription;
    private volatile boolean sessionLost;
    private volatile boolean closed;

    SubscriptionFeed(String deviceId, OpcUaClient client, OpcUaSettings settings, List<Point> points,
                     Consumer<List<Sample>> sink, Runnable forgetResolved) {
        this.deviceId = deviceId;
        this.client = client;
        this.settings = settings;
        this.points = List.copyOf(points);
        this.sink = sink;
        this.forgetResolved = forgetResolved;
        this.timeout = settings.requestTimeout().toMillis();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "tidegate-opcua-" + deviceId);
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = executor;
    }

    /** Creates the subscription; a failure here is the caller's to retry. */
    void start() throws DriverException {
        create();
        client.addSessionActivityListener(activity);
    }

    private void create() throws DriverException {
        List<NodeResolver.Resolved> nodes = NodeResolver.resolve(client, points, timeout);
        UaSubscription created;
        try {
            created = client.getSubscriptionManager()
                    .createSubscription((double) settings.publishingInterval().toMillis())
                    .get(timeout, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw failed("creating the subscription", e);
        }
        created.addNotificationListener(new Notifications());
        long now = System.currentTimeMillis();
        List<Sample> refused = new ArrayList<>();
        List<MonitoredItemCreateRequest> requests = new ArrayList<>();
        List<Point> requested = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeResolver.Resolved r = nodes.get(i);
            if (r.nodeId() == null) {
                refused.add(Sample.bad(r.point().id(), Quality.bad(Reason.CONFIG_ERROR, r.problem()), now));
                continue;
            }
            requests.add(new MonitoredItemCreateRequest(
                    new ReadValueId(r.nodeId(), AttributeId.Value.uid(), r.indexRange(), null),
                    MonitoringMode.Reporting, parameters(i, r.point())));
            requested.add(r.point());
        }
        List<UaMonitoredItem> items = new ArrayList<>(requests.size());
        // In slices: one request for thousands of items can exceed the server's message size limit.
        for (int from = 0; from < requests.size(); from += ITEMS_PER_REQUEST) {
            List<MonitoredItemCreateRequest> slice = requests.subList(from,
                    Math.min(requests.size(), from + ITEMS_PER_REQUEST));
            try {
                items.addAll(created.createMonitoredItems(TimestampsToReturn.Both, slice)
                        .get(timeout + slice.size(), TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                client.getSubscriptionManager().deleteSubscription(created.getSubscriptionId());
                throw failed("creating " + requests.size() + " monitored items", e);
            }
        }
        for (int i = 0; i < items.size(); i++) {
            StatusCode status = items.get(i).getStatusCode();
            if (status.isBad()) {
                refused.add(Values.bad(requested.get(i), status, "the server refused to monitor "
                        + requested.get(i).address() + ": ", now));
            }
        }
        subscription = created;
        if (!refused.isEmpty()) {
            sink.accept(refused);
        }
        LOG.log(Level.INFO, "OPC UA device {0}: subscribed to {1} points ({2} refused), publishing every {3} ms",
                deviceId, requested.size(), refused.size(), (long) created.getRevisedPublishingInterval());
    }

    private MonitoringParameters parameters(int handle, Point point) {
        double sampling = (settings.samplingInterval() != null ? settings.samplingInterval()
                : point.pollInterval()).toMillis();
        ExtensionObject filter = null;
        if (!settings.deadbandType().equals("none") && point.type().isNumeric()) {
            DeadbandType type = settings.deadbandType().equals("percent") ? DeadbandType.Percent : DeadbandType.Absolute;
            filter = ExtensionObject.encode(client.getStaticSerializationContext(),
                    new DataChangeFilter(DataChangeTrigger.StatusValue, uint(type.getValue()),
                            settings.deadbandValue()));
        }
        return new MonitoringParameters(uint(handle), sampling, filter, uint(settings.queueSize()), true);
    }

    private DriverException failed(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new DriverException(Reason.COMM_FAILURE, Connector.prefix(deviceId) + what + " failed: "
                + Connector.cause(e), e);
    }

    /** Tries to create the subscription again until it works or the feed is closed. */
    private void recreate(String why) {
        if (closed) {
            return;
        }
        try {
            worker.execute(() -> recreateNow(why));
        } catch (RejectedExecutionException stopping) {
            // closed meanwhile
        }
    }

    private void recreateNow(String why) {
        if (closed) {
            return;
        }
        UaSubscription old = subscription;
        if (old != null) {
            client.getSubscriptionManager().deleteSubscription(old.getSubscriptionId());
            subscription = null;
        }
        forgetResolved.run();
        try {
            create();
            LOG.log(Level.INFO, "OPC UA device {0}: subscription recreated ({1})", deviceId, why);
        } catch (DriverException e) {
            LOG.log(Level.WARNING, "OPC UA device {0}: recreating the subscription failed, retrying in {1} ms: {2}",
                    deviceId, RETRY_MILLIS, e.getMessage());
            allBad(Reason.COMM_FAILURE, e.getMessage());
            try {
                worker.schedule(() -> recreateNow(why), RETRY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // closed meanwhile
            }
        }
    }

    /** Reads every point once and hands the values on: after a transfer nothing else would replace the gap. */
    private void refresh() {
        List<NodeResolver.Resolved> nodes;
        try {
            nodes = NodeResolver.resolve(client, points, timeout);
            List<ReadValueId> ids = new ArrayList<>();
            List<Point> read = new ArrayList<>();
            for (NodeResolver.Resolved r : nodes) {
                if (r.nodeId() != null) {
                    ids.add(new ReadValueId(r.nodeId(), AttributeId.Value.uid(), r.indexRange(), null));
                    read.add(r.point());
                }
            }
            DataValue[] values = client.read(0.0, TimestampsToReturn.Both, ids).get(timeout, TimeUnit.MILLISECONDS)
                    .getResults();
            long now = System.currentTimeMillis();
            List<Sample> samples = new ArrayList<>(values.length);
            for (int i = 0; i < values.length; i++) {
                samples.add(Values.toSample(read.get(i), values[i], now));
            }
            sink.accept(samples);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.DEBUG, "OPC UA device {0}: refresh after reconnect failed: {1}", deviceId, e.toString());
        }
    }

    private void allBad(Reason reason, String detail) {
        long now = System.currentTimeMillis();
        Quality quality = Quality.bad(reason, detail);
        List<Sample> samples = new ArrayList<>(points.size());
        for (Point p : points) {
            samples.add(Sample.bad(p.id(), quality, now));
        }
        sink.accept(samples);
    }

    @Override
    public void close() {
        closed = true;
        client.removeSessionActivityListener(activity);
        worker.shutdownNow();
        UaSubscription s = subscription;
        if (s != null) {
            client.getSubscriptionManager().deleteSubscription(s.getSubscriptionId());
        }
    }

    private final class Activity implements SessionActivityListener {
        @Override
        public void onSessionInactive(UaSession session) {
            if (closed) {
                return;
            }
            sessionLost = true;
            LOG.log(Level.WARNING, "OPC UA device {0}: connection to {1} lost; reconnecting", deviceId,
                    settings.endpointUrl());
            allBad(Reason.COMM_FAILURE, "connection to " + settings.endpointUrl() + " lost; reconnecting");
        }

        @Override
        public void onSessionActive(UaSession session) {
            if (closed || !sessionLost) {
                return;
            }
            sessionLost = false;
            LOG.log(Level.INFO, "OPC UA device {0}: reconnected to {1}", deviceId, settings.endpointUrl());
            try {
                // After the transfer attempt has run; a failed transfer recreates, which sends initial values too.
                worker.schedule(SubscriptionFeed.this::refresh, 500, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // closed meanwhile
            }
        }
    }

    private final class Notifications implements UaSubscription.NotificationListener {
        @Override
        public void onDataChangeNotification(UaSubscription s, List<UaMonitoredItem> items, List<DataValue> values,
                                             DateTime publishTime) {
            if (closed) {
                return;
            }
            long now = System.currentTimeMillis();
            List<Sample> samples = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                int handle = items.get(i).getClientHandle().intValue();
                if (handle >= 0 && handle < points.size()) {
                    samples.add(Values.toSample(points.get(handle), values.get(i), now));
                }
            }
            sink.accept(samples);
        }

        @Override
        public void onSubscriptionTransferFailed(UaSubscription s, StatusCode statusCode) {
            LOG.log(Level.INFO, "OPC UA device {0}: the server did not keep the subscription ({1}); creating it anew",
                    deviceId, Values.statusName(statusCode));
            recreate("transfer failed: " + Values.statusName(statusCode));
        }

        @Override
        public void onStatusChangedNotification(UaSubscription s, StatusCode status) {
            long code = status.getValue() & 0xFFFF0000L;
            if (code == StatusCodes.Bad_Timeout || code == StatusCodes.Bad_SubscriptionIdInvalid) {
                recreate("subscription status " + Values.statusName(status));
            }
        }

        @Override
        public void onSubscriptionWatchdogTimerElapsed(UaSubscription s) {
            LOG.log(Level.DEBUG, "OPC UA device {0}: no publish response in time", deviceId);
        }
    }
}
