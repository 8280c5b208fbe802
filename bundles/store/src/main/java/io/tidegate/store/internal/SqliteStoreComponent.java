package io.tidegate.store.internal;

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
import org.osgi.service.metatype.annotations.Designate;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
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

    private volatile SqliteSampleStore store;

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
                    config.vacuumFreePagesThreshold(), config.walSizeLimitBytes());
            SqliteSampleStore.Capacity capacity = new SqliteSampleStore.Capacity(config.maxBytes(),
                    Math.multiplyExact(config.maxAgeSeconds(), 1000L), config.capacityPolicy());
            settings = new SqliteSampleStore.Settings(config.commitIntervalMillis(), config.commitMaxSamples(),
                    config.synchronous(), housekeeping, capacity);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new StoreException("the configuration " + PID + " is invalid: " + e.getMessage(), e);
        }
        store = new SqliteSampleStore(Path.of(path.strip()), settings);
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
    }

    @Override
    public List<StoredSample> next(int max) throws StoreException {
        return store.next(max);
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
