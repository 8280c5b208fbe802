package io.tidegate.store.internal;

import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoreStats;
import io.tidegate.api.StoredSample;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The durable store-and-forward queue on one SQLite file. A plain class: the DS component
 * {@link SqliteStoreComponent} wraps it, and tests and tools use it directly.
 *
 * <p>One connection, owned here; every operation holds {@link #lock}, so statements and
 * transactions never interleave. {@link #append} returns only after its single transaction has
 * committed (with synchronous=FULL, after the WAL is fsynced), which is the moment samples are
 * accepted. Hand-out state lives in {@link DeliveryTracker}, in memory.
 */
public final class SqliteSampleStore implements SampleStore, AutoCloseable {
    private final Path path;
    private final Object lock = new Object();
    private final SampleCodec codec = new SampleCodec();
    private final DeliveryTracker delivery = new DeliveryTracker();

    // Guarded by lock. connection is null once closed.
    private Connection connection;
    private final PointDictionary points;
    private final SampleTable samples;
    private long lastIssuedId;
    private long pending;
    private long appended;
    private long acknowledged;

    /**
     * Opens the store at {@code path}, creating the file and its parent directories if needed and
     * migrating an older schema.
     *
     * @throws StoreException when the file cannot be opened, is not a store, or is from a newer version
     */
    public SqliteSampleStore(Path path) throws StoreException {
        this.path = path.toAbsolutePath();
        Connection opened = null;
        try {
            opened = SqliteConnections.open(this.path);
            StoreSchema.migrate(opened);
            points = new PointDictionary(opened);
            samples = new SampleTable(opened);
            lastIssuedId = SampleTable.lastIssuedId(opened);
            // The one full count: from here on pending is kept by counting appends and deletes.
            pending = SampleTable.count(opened);
            connection = opened;
        } catch (IOException | SQLException e) {
            if (opened != null) {
                SqliteConnections.closeQuietly(opened, e);
            }
            throw new StoreException("could not open the sample store " + this.path + ": " + e.getMessage(), e);
        }
    }

    /** The database file. */
    public Path path() {
        return path;
    }

    /**
     * Appends the samples in one transaction; returns once it is committed. On failure the
     * transaction is rolled back and none of the samples is stored.
     */
    @Override
    public void append(List<Sample> batch) throws StoreException {
        // Encode before taking the lock: it is pure CPU work and needs no database.
        byte[][] bodies = new byte[batch.size()][];
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = codec.encode(batch.get(i));
        }
        synchronized (lock) {
            ensureOpen();
            if (bodies.length == 0) {
                return;
            }
            long lastId = lastIssuedId + bodies.length;
            try {
                inTransaction(() -> {
                    long id = lastIssuedId;
                    for (int i = 0; i < bodies.length; i++) {
                        samples.addInsert(++id, points.idOf(batch.get(i).pointId()), bodies[i]);
                    }
                    samples.flushInserts();
                    samples.saveLastIssuedId(lastId);
                    return null;
                });
            } catch (SQLException | RuntimeException e) {
                points.rolledBack();
                throw new StoreException("could not append " + bodies.length + " samples to " + path + ": "
                        + e.getMessage() + "; none of them was stored", e);
            }
            points.committed();
            lastIssuedId = lastId;
            appended += bodies.length;
            pending += bodies.length;
        }
    }

    /**
     * Hands out up to {@code max} of the oldest samples not in flight, in id order: first those
     * released back into line, then ones never handed out.
     */
    @Override
    public List<StoredSample> next(int max) throws StoreException {
        synchronized (lock) {
            ensureOpen();
            if (max <= 0) {
                return List.of();
            }
            List<SampleTable.Row> rows = new ArrayList<>();
            List<Long> missing = new ArrayList<>();
            try {
                for (long id : delivery.released()) {
                    if (rows.size() == max) {
                        break;
                    }
                    SampleTable.Row row = samples.readById(id);
                    if (row == null) {
                        missing.add(id);
                    } else {
                        rows.add(row);
                    }
                }
                // Only when no released row is left waiting may newer rows follow.
                if (rows.size() < max) {
                    rows.addAll(samples.readAfter(delivery.cursor(), max - rows.size()));
                }
            } catch (SQLException e) {
                throw new StoreException("could not read the next samples from " + path + ": " + e.getMessage(), e);
            }
            List<StoredSample> out = new ArrayList<>(rows.size());
            for (SampleTable.Row row : rows) {
                out.add(new StoredSample(row.id(), decode(row)));
            }
            // State changes only now that every row has been read and decoded.
            missing.forEach(delivery::forget);
            for (StoredSample stored : out) {
                delivery.handedOut(stored.id());
            }
            return out;
        }
    }

    /** Deletes acknowledged samples in one transaction; unknown ids are ignored. */
    @Override
    public void acknowledge(Collection<Long> ids) throws StoreException {
        synchronized (lock) {
            ensureOpen();
            if (ids.isEmpty()) {
                return;
            }
            int deleted;
            try {
                deleted = inTransaction(() -> samples.delete(ids));
            } catch (SQLException e) {
                throw new StoreException("could not delete " + ids.size() + " acknowledged samples from " + path
                        + ": " + e.getMessage(), e);
            }
            ids.forEach(delivery::forget);
            pending -= deleted;
            acknowledged += deleted;
        }
    }

    /**
     * Puts in-flight samples back in line. Ids not in flight are ignored; after close there is
     * nothing in flight (the rows are pending again on the next open), so it does nothing.
     */
    @Override
    public void release(Collection<Long> ids) {
        synchronized (lock) {
            if (connection != null) {
                delivery.release(ids);
            }
        }
    }

    /** Counters since open; after close, the last values. */
    @Override
    public StoreStats stats() {
        synchronized (lock) {
            return new StoreStats(appended, acknowledged, pending, delivery.inFlightCount());
        }
    }

    /**
     * Closes the connection. The clean close of the last connection checkpoints the WAL into the
     * database file and removes the -wal file. Closing twice does nothing.
     */
    @Override
    public void close() throws StoreException {
        synchronized (lock) {
            if (connection == null) {
                return;
            }
            Connection closing = connection;
            connection = null;
            try (closing) {
                samples.close();
                points.close();
            } catch (SQLException e) {
                throw new StoreException("could not close the sample store " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** The value of a PRAGMA on the store's own connection (some, like synchronous, are per connection). */
    String pragma(String name) throws StoreException {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a pragma name: " + name);
        }
        synchronized (lock) {
            ensureOpen();
            try (Statement statement = connection.createStatement()) {
                return SqliteConnections.queryString(statement, "PRAGMA " + name);
            } catch (SQLException e) {
                throw new StoreException("could not read PRAGMA " + name + " of " + path + ": " + e.getMessage(), e);
            }
        }
    }

    private Sample decode(SampleTable.Row row) throws StoreException {
        String pointId = points.nameOf(row.point());
        if (pointId == null) {
            throw new StoreException("sample " + row.id() + " in " + path + " refers to point " + row.point()
                    + ", which is not in the point table");
        }
        try {
            return codec.decode(pointId, row.body());
        } catch (MalformedBodyException e) {
            throw new StoreException("sample " + row.id() + " in " + path + " is corrupt: " + e.getMessage(), e);
        }
    }

    private void ensureOpen() throws StoreException {
        if (connection == null) {
            throw new StoreException("store is closed");
        }
    }

    /** Work that runs in one transaction. */
    private interface TransactionWork<T> {
        T run() throws SQLException;
    }

    /** Runs the work in one transaction: commit if it completes, roll back if anything throws. */
    private <T> T inTransaction(TransactionWork<T> work) throws SQLException {
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
        // Back to autocommit, so reads between writes do not hold a snapshot that would stop
        // WAL checkpoints.
        connection.setAutoCommit(true);
        return result;
    }
}
