package io.tidegate.store.internal;

import io.tidegate.api.GatewayEventListener;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Lane;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoreStats;
import io.tidegate.api.StoredSample;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.OptionalLong;

/**
 * Publishes the SQLite store as the {@link SampleStore} service once it is configured. A change
 * of configuration deactivates and reactivates the component (there is no modified method), so a
 * new path always means a cleanly closed old file and a freshly opened new one, and deactivation
 * commits every append still queued before the file is closed.
 *
 * <p>A corrupt database file does not stop activation: the store moves it aside and starts empty
 * (see {@link SqliteSampleStore#quarantined()}), so the gateway keeps collecting.
 */
@Component(
        configurationPid = SqliteStoreComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = SampleStore.class)
@Designate(ocd = SqliteStoreConfig.class)
public final class SqliteStoreComponent implements SampleStore {
    static final String PID = "io.tidegate.store";

    private static final Logger LOG = System.getLogger(SqliteStoreComponent.class.getName());

    private volatile SqliteSampleStore store;
    /** Whiteboard: told about every gateway event committed (the console's events page). */
    private final List<GatewayEventListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    void activate(SqliteStoreConfig config) throws StoreException {
        String path = config.path();
        if (path == null || path.isBlank()) {
            throw new StoreException("the configuration " + PID + " has no path for the database file");
        }
        SqliteSampleStore.Settings settings;
        try {
            SqliteSampleStore.Housekeeping housekeeping = new SqliteSampleStore.Housekeeping(
                    config.housekeepingEveryTransactions(),
                    Math.multiplyExact(config.housekeepingIntervalSeconds(), 1000L),
                    config.vacuumFreePagesThreshold(), config.walSizeLimitBytes(), config.housekeepingMinGapMillis());
            SqliteSampleStore.Capacity capacity = new SqliteSampleStore.Capacity(config.maxBytes(),
                    Math.multiplyExact(config.maxAgeSeconds(), 1000L), config.capacityPolicy());
            settings = new SqliteSampleStore.Settings(config.commitIntervalMillis(), config.commitMaxSamples(),
                    config.synchronous(), housekeeping, capacity);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new StoreException("the configuration " + PID + " is invalid: " + e.getMessage(), e);
        }
        store = new SqliteSampleStore(Path.of(path.strip()), settings);
        store.onOwnEvents(this::tell);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(GatewayEventListener listener) {
        listeners.add(listener);
    }

    void removeListener(GatewayEventListener listener) {
        listeners.remove(listener);
    }

    private void tell(List<Sample> events) {
        for (GatewayEventListener listener : listeners) {
            try {
                listener.gatewayEvents(events);
            } catch (RuntimeException e) {
                // A listener's fault never reaches the data path.
                LOG.log(Level.WARNING, "a gateway event listener failed: {0}", e.toString());
            }
        }
    }

    /** The open store, for tests. */
    SqliteSampleStore store() {
        return store;
    }

    @Deactivate
    void deactivate() throws StoreException {
        store.close();
    }

    @Override
    public void newSession() {
        store.newSession();
    }

    @Override
    public void append(List<Sample> samples, Lane lane) throws StoreException {
        store.append(samples, lane);
        if (!listeners.isEmpty()) {
            List<Sample> events = samples.stream().filter(s -> GatewayPoints.isGatewayPoint(s.pointId())).toList();
            if (!events.isEmpty()) {
                tell(events);
            }
        }
    }

    @Override
    public List<StoredSample> next(int max) throws StoreException {
        return store.next(max);
    }

    @Override
    public List<StoredSample> next(int max, long waitMillis) throws StoreException, InterruptedException {
        return store.next(max, waitMillis);
    }

    @Override
    public void acknowledge(Collection<Long> ids) throws StoreException {
        store.acknowledge(ids);
    }

    @Override
    public void release(Collection<Long> ids) {
        store.release(ids);
    }

    @Override
    public StoreStats stats() {
        return store.stats();
    }

    @Override
    public OptionalLong oldestPendingTime() throws StoreException {
        return store.oldestPendingTime();
    }
}
