package io.tidegate.console.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.GatewayEventListener;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Sample;
import io.tidegate.api.SiteModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the console's {@link EventHistory}: the store's and the command handler's events arrive as
 * they are committed ({@link GatewayEventListener}, called by the store); device health changes and
 * the store alarm are looked at once a second, since the engine keeps only their current state.
 */
final class GatewayEventWatcher implements GatewayEventListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GatewayEventWatcher.class.getName());
    private final SiteModel site;
    private final EventHistory history;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tidegate-console-events");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, DeviceHealth> lastHealth = new HashMap<>();
    private Boolean lastAlarm;

    GatewayEventWatcher(SiteModel site, EventHistory history) {
        this.site = site;
        this.history = history;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::look, 0, 1, TimeUnit.SECONDS);
    }

    /** Called on the store's writer thread: handed to this watcher's own thread, so the store never waits on a file. */
    @Override
    public void gatewayEvents(List<Sample> events) {
        try {
            timer.execute(() -> record(events));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the console is stopping; the store's own records keep the event
        }
    }

    private void record(List<Sample> events) {
        for (Sample sample : events) {
            String id = sample.pointId();
            String value = sample.value() == null ? "" : String.valueOf(sample.value().raw());
            if (id.equals(GatewayPoints.STORE_EVENT.id())) {
                history.add(new EventHistory.Event(sample.sourceTime(), "store", "store", value));
            } else if (id.equals(GatewayPoints.STORE_DROPPED.id())) {
                history.add(new EventHistory.Event(sample.sourceTime(), "store", "store",
                        value + " samples dropped unsent over the store's life"));
            } else if (id.equals(GatewayPoints.COMMAND_EVENT.id())) {
                history.add(new EventHistory.Event(sample.sourceTime(), "command", "command", value));
            }
            // The store alarm is watched by look(): the engine raises it even when the store refuses the append.
        }
    }

    /** Records each device whose health changed since the last look, and the store alarm going on or off. */
    synchronized void look() {
        try {
            lookOnce();
        } catch (RuntimeException e) {
            // A failed look must not end the schedule (a scheduled task that throws is never run again).
            LOG.log(System.Logger.Level.WARNING, "console events: could not look at the gateway''s state: {0}",
                    e.toString());
        }
    }

    private void lookOnce() {
        for (Device device : site.devices()) {
            Optional<DeviceHealth> now = site.health(device.id());
            if (now.isEmpty()) {
                continue;
            }
            DeviceHealth health = now.get();
            DeviceHealth before = lastHealth.put(device.id(), health);
            boolean changed = before == null ? health.state() != DeviceHealth.State.UP
                    : before.state() != health.state();
            if (changed) {
                String text = health.state() + (health.state() == DeviceHealth.State.UP || health.lastError().isEmpty()
                        ? "" : ": " + health.lastError());
                history.add(new EventHistory.Event(health.since(), "device", device.id(), text));
            }
        }
        Optional<Sample> alarm = site.latest(GatewayPoints.STORE_ALARM.id());
        if (alarm.isPresent() && alarm.get().value() != null) {
            boolean raised = alarm.get().value().asBoolean();
            if (lastAlarm == null ? raised : lastAlarm != raised) {
                history.add(new EventHistory.Event(alarm.get().sourceTime(), "alarm", "store", raised
                        ? "store alarm raised: the store refuses readings (disk full or database failing);"
                        + " the newest are held in memory"
                        : "store alarm cleared: the store takes readings again"));
            }
            lastAlarm = raised;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
