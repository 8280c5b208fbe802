package io.tidegate.console.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.SampleStore;
import io.tidegate.api.SiteModel;
import io.tidegate.api.StoreStats;
import io.tidegate.api.Uplink;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Prometheus text exposition format (version 0.0.4) of the gateway's counters: samples read,
 * stored, forwarded and dropped, buffer depth, store alarm, uplink and device state, JVM memory.
 */
final class PrometheusMetrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final SiteModel site;
    private final SampleStore store;
    private final Supplier<List<Uplink>> uplinks;
    private final GatewayView view;

    PrometheusMetrics(SiteModel site, SampleStore store, Supplier<List<Uplink>> uplinks, GatewayView view) {
        this.site = site;
        this.store = store;
        this.uplinks = uplinks;
        this.view = view;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        StoreStats stats = store.stats();
        List<Uplink> ups = uplinks.get();
        counter(out, "tidegate_samples_read_total", "Samples read from field devices since the engine started, good and bad.",
                site.samplesRead());
        counter(out, "tidegate_samples_stored_total", "Samples committed to the store since it opened.", stats.appended());
        counter(out, "tidegate_samples_forwarded_total", "Samples the broker acknowledged since the uplinks started.",
                ups.stream().mapToLong(u -> u.stats().forwarded()).sum());
        counter(out, "tidegate_samples_dropped_total",
                "Samples the store's capacity policy dropped unsent since it opened.", stats.dropped());
        gauge(out, "tidegate_buffer_samples", "Samples on disk waiting to be forwarded, in flight included.",
                stats.pending());
        java.util.OptionalLong oldest = view.oldestPendingTime();
        header(out, "tidegate_buffer_oldest_age_seconds", "Age of the oldest sample waiting to be forwarded; 0 when none waits.",
                "gauge");
        out.append("tidegate_buffer_oldest_age_seconds ")
                .append(oldest.isPresent() ? GatewayView.ageSeconds(oldest.getAsLong()) : 0.0).append('\n');
        gauge(out, "tidegate_buffer_in_flight_samples", "Samples handed to an uplink and not yet acknowledged.",
                stats.inFlight());
        gauge(out, "tidegate_store_alarm", "1 while the store refuses readings (disk full, database failing).",
                view.storeAlarm() ? 1 : 0);

        header(out, "tidegate_uplink_connected", "1 while the uplink's session with its broker is up.", "gauge");
        for (Uplink uplink : ups) {
            out.append("tidegate_uplink_connected{uplink=\"").append(label(uplink.name())).append("\"} ")
                    .append(uplink.stats().connected() ? 1 : 0).append('\n');
        }
        header(out, "tidegate_device_up", "Device health: 1 for the device's current state (UP, DEGRADED, DOWN), 0 otherwise.",
                "gauge");
        for (Device device : site.devices()) {
            DeviceHealth.State state = site.health(device.id()).map(DeviceHealth::state).orElse(null);
            for (DeviceHealth.State s : DeviceHealth.State.values()) {
                out.append("tidegate_device_up{device=\"").append(label(device.id())).append("\",state=\"")
                        .append(s.name()).append("\"} ").append(s == state ? 1 : 0).append('\n');
            }
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        header(out, "jvm_memory_used_bytes", "Memory used by the JVM.", "gauge");
        out.append("jvm_memory_used_bytes{area=\"heap\"} ").append(heap.getUsed()).append('\n');
        out.append("jvm_memory_used_bytes{area=\"nonheap\"} ").append(nonHeap.getUsed()).append('\n');
        header(out, "jvm_memory_committed_bytes", "Memory committed by the JVM.", "gauge");
        out.append("jvm_memory_committed_bytes{area=\"heap\"} ").append(heap.getCommitted()).append('\n');
        out.append("jvm_memory_committed_bytes{area=\"nonheap\"} ").append(nonHeap.getCommitted()).append('\n');
        header(out, "jvm_memory_max_bytes", "Most memory the JVM may use (-1: no limit).", "gauge");
        out.append("jvm_memory_max_bytes{area=\"heap\"} ").append(heap.getMax()).append('\n');
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "counter");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "gauge");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A label value with backslash, quote and newline escaped as the format requires. */
    static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
