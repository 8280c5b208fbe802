package io.tidegate.engine.internal;

import io.tidegate.api.SampleStore;
import io.tidegate.api.SiteModel;
import io.tidegate.api.StoreStats;
import io.tidegate.api.Uplink;
import io.tidegate.api.UplinkStats;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One log line every few seconds that tells an installer the data path is alive:
 * {@code read 1200, stored 1200, forwarded 1180, buffered 20 | uplink online | devices: station UP}.
 * Its own component, so that the engine never references the uplinks that reference it.
 */
@Component(configurationPid = StatusReporter.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = StatusReporter.Config.class)
public class StatusReporter {
    public static final String PID = "io.tidegate.status";
    private static final Logger LOG = System.getLogger("io.tidegate.status");

    @ObjectClassDefinition(name = "Tidegate status line",
            description = "Logs samples read, stored, forwarded and buffered, uplink and device state.")
    public @interface Config {
        @AttributeDefinition(description = "Seconds between status lines; 0 for none.", min = "0")
        int intervalSeconds() default 0;
    }

    private final SiteModel site;
    private final SampleStore store;
    private final List<Uplink> uplinks = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;

    @Activate
    public StatusReporter(@Reference SiteModel site, @Reference SampleStore store, Config config) {
        this.site = site;
        this.store = store;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tidegate-status");
            t.setDaemon(true);
            return t;
        });
        int interval = config.intervalSeconds();
        if (interval > 0) {
            timer.scheduleAtFixedRate(() -> LOG.log(Level.INFO, line()), interval, interval, TimeUnit.SECONDS);
        }
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addUplink(Uplink uplink) {
        uplinks.add(uplink);
    }

    void removeUplink(Uplink uplink) {
        uplinks.remove(uplink);
    }

    String line() {
        StoreStats stats = store.stats();
        StringBuilder line = new StringBuilder()
                .append("read ").append(site.samplesRead())
                .append(", stored ").append(stats.appended())
                .append(", forwarded ").append(uplinks.stream().mapToLong(u -> u.stats().forwarded()).sum())
                .append(", buffered ").append(stats.pending());
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
