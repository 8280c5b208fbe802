package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.CommandHandler;
import io.tidegate.api.GatewayPoints;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/**
 * Decodes DCMD and NCMD writes and hands each metric to the {@link CommandHandler} on a thread of
 * its own: the handler audits to disk, and MQTT's receive thread (which also carries the broker's
 * acks) must not wait for that. The handler decides, audits and answers; this class only resolves
 * what the host named (by name or alias) to a point id.
 */
final class CommandDispatcher {
    private static final Logger LOG = System.getLogger(CommandDispatcher.class.getName());
    /** Commands waiting for the handler; beyond this a flood is dropped here, counted and logged. */
    private static final int QUEUE = 10_000;

    private final MetricCatalog catalog;
    private final CommandHandler handler;
    private final ThreadPoolExecutor thread;
    private final AtomicLong dropped = new AtomicLong();

    CommandDispatcher(MetricCatalog catalog, CommandHandler handler, String name) {
        this.catalog = catalog;
        this.handler = handler;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "tidegate-commands-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Hands on every metric of a command message except the node controls the edge node handles
     * itself ({@code Node Control/Rebirth}, {@code Node Control/Next Server}).
     *
     * @param deviceId the device of a DCMD, or {@link GatewayPoints#NODE} for an NCMD
     */
    void dispatch(String topic, String deviceId, byte[] payload) {
        SparkplugBPayload decoded;
        try {
            decoded = new SparkplugBPayloadDecoder().buildFromByteArray(payload, null);
        } catch (Exception e) {
            submit(new CommandHandler.Write(deviceId, "(undecodable payload)", null, topic + ": not a Sparkplug B "
                    + "payload: " + e.getMessage()));
            return;
        }
        for (Metric metric : decoded.getMetrics()) {
            if (deviceId.equals(GatewayPoints.NODE) && (SparkplugPayloads.REBIRTH.equals(metric.getName())
                    || SparkplugPayloads.NEXT_SERVER.equals(metric.getName()))) {
                continue;
            }
            String pointId = catalog.resolve(deviceId, metric.getName(), metric.hasAlias() ? metric.getAlias() : null);
            if (pointId == null) {
                pointId = metric.getName() != null ? metric.getName() : "(alias " + metric.getAlias() + ")";
            }
            submit(new CommandHandler.Write(deviceId, pointId, metric.getValue(), topic));
        }
    }

    private void submit(CommandHandler.Write write) {
        if (handler == null) {
            LOG.log(Level.WARNING, "refused a command, no command handler is running: {0}", write);
            return;
        }
        try {
            thread.execute(() -> handler.write(write));
        } catch (RejectedExecutionException full) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.log(Level.ERROR, "command flood: {0} commands dropped unaudited, {1} waiting", n, QUEUE);
            }
        }
    }

    void stop() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
