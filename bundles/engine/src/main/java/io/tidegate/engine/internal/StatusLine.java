package io.tidegate.engine.internal;

import io.tidegate.api.SampleStore;
import io.tidegate.api.SiteModel;
import io.tidegate.api.StoreStats;
import io.tidegate.api.Uplink;
import io.tidegate.api.UplinkStats;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One log line every few seconds that tells an installer the data path is alive:
 * {@code read 1200, stored 1200, forwarded 1180, buffered 20 | uplink online | devices: station UP}.
 */
final class StatusLine {
    private static final Logger LOG = System.getLogger("io.tidegate.status");

    private final SiteModel site;
    private final SampleStore store;
    private final List<Uplink> uplinks;
    private final SampleSink sink;
    private final int intervalSeconds;
    private ScheduledExecutorService timer;

    StatusLine(SiteModel site, SampleStore store, List<Uplink> uplinks, SampleSink sink, int intervalSeconds) {
        this.site = site;
        this.store = store;
        this.uplinks = uplinks;
        this.sink = sink;
        this.intervalSeconds = intervalSeconds;
    }

    void start() {
        if (intervalSeconds <= 0) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tidegate-status");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> LOG.log(Level.INFO, line()), intervalSeconds, intervalSeconds,
                TimeUnit.SECONDS);
    }

    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    String line() {
        StoreStats stats = store.stats();
        StringBuilder line = new StringBuilder()
                .append("read ").append(site.samplesRead())
                .append(", stored ").append(sink.stored())
                .append(", forwarded ").append(uplinks.stream().mapToLong(u -> u.stats().forwarded()).sum())
                .append(", buffered ").append(stats.pending());
        if (sink.held() > 0 || sink.dropped() > 0) {
            line.append(" (+").append(sink.held()).append(" in memory, ").append(sink.dropped()).append(" dropped)");
        }
        for (Uplink uplink : uplinks) {
            UplinkStats u = uplink.stats();
            line.append(" | uplink ").append(u.connected() ? "online" : "OFFLINE");
            if (!u.connected() && !u.lastError().isEmpty()) {
                line.append(" (").append(u.lastError()).append(')');
            }
        }
        line.append(" | devices:");
        site.devices().forEach(d -> site.health(d.id())
                .ifPresent(h -> line.append(' ').append(d.id()).append(' ').append(h.state())));
        return line.toString();
    }
}
