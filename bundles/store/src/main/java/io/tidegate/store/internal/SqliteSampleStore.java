package io.tidegate.store.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.DropTally;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Lane;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoreStats;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;

import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.core.Codes;
import org.sqlite.core.DB;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable store-and-forward queue on one SQLite file. A plain class: the DS component
 * {@link SqliteStoreComponent} wraps it, and tests and tools use it directly.
 *
 * <p><b>Group commit.</b> Appenders encode their samples on their own thread and queue the batch
 * with a future; one writer thread takes queued batches in queue order, inserts as many as fit
 * into one transaction (see {@link Settings}), commits it, and only then completes their futures.
 * So {@link #append} still returns only after its samples are committed (with synchronous=FULL,
 * after the WAL is fsynced), which is the moment they are accepted, but many appenders share one
 * fsync. A batch is never split across transactions, and a failed transaction fails every append
 * in it: none of their samples is stored.
 *
 * <p>One connection, owned here; every statement and transaction on it (the writer's, and those
 * of {@link #next}, {@link #acknowledge} and {@link #pragma}) holds {@link #lock}, so they never
 * interleave and readers never see an uncommitted group. Hand-out state lives in
 * {@link DeliveryTracker}, in memory. Lock order: {@link #lock} before {@link #queueLock}.
 */
public final class SqliteSampleStore implements SampleStore, AutoCloseable {

    /**
     * How appends are grouped into transactions, and how durable a commit is.
     *
     * @param commitIntervalMillis how long the writer keeps one transaction open taking in more
     *        appends while they keep arriving; it never waits idle for appends when none are queued
     *        (every queued appender is blocked until the commit, so waiting would only add latency)
     * @param commitMaxSamples the transaction is committed once it holds this many samples (a
     *        single larger append still goes in whole, in a transaction of its own)
     * @param synchronous FULL (durable on power loss) or NORMAL (see {@link SynchronousMode})
     * @param housekeeping how the files are kept bounded
     * @param capacity the size and age limits and what happens at them
     * @param liveSplitRows when more than this many telemetry rows wait unsent and the oldest of them
     *        is {@link #LIVE_SPLIT_AGE_MILLIS} old (the uplink is back from an outage), rows appended
     *        from then on are handed out ahead of that backlog, so the
     *        operator sees the present while the backlog drains; per point, order is kept within the
     *        backlog and within the live rows. 0: strictly oldest first
     */
    public record Settings(long commitIntervalMillis, int commitMaxSamples, SynchronousMode synchronous,
            Housekeeping housekeeping, Capacity capacity, long liveSplitRows) {
        public static final Settings DEFAULT = new Settings(20, 10_000, SynchronousMode.FULL);

        public Settings {
            if (commitIntervalMillis < 0) {
                throw new IllegalArgumentException("commitIntervalMillis must not be negative: " + commitIntervalMillis);
            }
            if (commitMaxSamples < 1) {
                throw new IllegalArgumentException("commitMaxSamples must be at least 1: " + commitMaxSamples);
            }
            if (synchronous == null) {
                throw new IllegalArgumentException("synchronous must be FULL or NORMAL");
            }
            if (housekeeping == null) {
                throw new IllegalArgumentException("housekeeping must be given (Housekeeping.OFF to disable it)");
            }
            if (capacity == null) {
                throw new IllegalArgumentException("capacity must be given (Capacity.UNLIMITED for no limit)");
            }
            if (liveSplitRows < 0) {
                throw new IllegalArgumentException("liveSplitRows must be 0 (off) or more: " + liveSplitRows);
            }
        }

        /** With live rows ahead of a backlog of more than {@link #LIVE_SPLIT_ROWS} rows. */
        public Settings(long commitIntervalMillis, int commitMaxSamples, SynchronousMode synchronous,
                Housekeeping housekeeping, Capacity capacity) {
            this(commitIntervalMillis, commitMaxSamples, synchronous, housekeeping, capacity, LIVE_SPLIT_ROWS);
        }

        /** With {@link Capacity#DEFAULT}. */
        public Settings(long commitIntervalMillis, int commitMaxSamples, SynchronousMode synchronous,
                Housekeeping housekeeping) {
            this(commitIntervalMillis, commitMaxSamples, synchronous, housekeeping, Capacity.DEFAULT);
        }

        /** With {@link Housekeeping#DEFAULT} and {@link Capacity#DEFAULT}. */
        public Settings(long commitIntervalMillis, int commitMaxSamples, SynchronousMode synchronous) {
            this(commitIntervalMillis, commitMaxSamples, synchronous, Housekeeping.DEFAULT);
        }

        /** These settings with another capacity. */
        public Settings withCapacity(Capacity newCapacity) {
            return new Settings(commitIntervalMillis, commitMaxSamples, synchronous, housekeeping, newCapacity,
                    liveSplitRows);
        }

        /** These settings with another live split threshold (0: strictly oldest first). */
        public Settings withLiveSplitRows(long rows) {
            return new Settings(commitIntervalMillis, commitMaxSamples, synchronous, housekeeping, capacity, rows);
        }
    }

    /**
     * How much the store may hold, and what happens at the limit.
     *
     * <p>Size is the database's used pages (page count minus free pages, times the page size), as
     * the writer sees it after each commit; the -wal file comes on top, bounded by
     * {@link Housekeeping#walSizeLimitBytes}. At the limit, {@link CapacityPolicy#DROP_OLDEST}
     * deletes the oldest telemetry not in flight until the store is back under 90% of the limit
     * (so it does not drop at every commit), and priority rows only once no telemetry is left;
     * {@link CapacityPolicy#REJECT_NEW} refuses telemetry appends (priority appends still go in).
     * Every drop is counted per point in the file and reported as {@link GatewayPoints#STORE_EVENT}
     * samples in the priority lane, committed in the transaction that deletes the rows.
     *
     * @param maxBytes the limit on the database size; 0: no limit
     * @param maxAgeMillis telemetry older than this (by gateway time) is dropped at housekeeping,
     *        counted and reported like a size drop; 0: kept until delivered
     * @param policy what to do at {@code maxBytes}
     */
    public record Capacity(long maxBytes, long maxAgeMillis, CapacityPolicy policy) {
        /** 1 GiB, no age limit, drop-oldest. */
        public static final Capacity DEFAULT = new Capacity(1L << 30, 0, CapacityPolicy.DROP_OLDEST);
        public static final Capacity UNLIMITED = new Capacity(0, 0, CapacityPolicy.DROP_OLDEST);

        public Capacity {
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxBytes must be 0 (no limit) or more: " + maxBytes);
            }
            if (maxAgeMillis < 0) {
                throw new IllegalArgumentException("maxAge must be 0 (no limit) or more: " + maxAgeMillis + " ms");
            }
            if (policy == null) {
                throw new IllegalArgumentException("capacity policy must be drop-oldest or reject-new");
            }
        }

        /** The size the store drops back to when it reaches {@link #maxBytes}. */
        long dropTargetBytes() {
            return maxBytes - maxBytes / 10;
        }
    }

    /**
     * How the store keeps its files bounded: now and then (see {@link SqliteSampleStore#housekeep})
     * the writer thread, holding {@link #lock} between transactions, gives free pages back to the
     * file system ({@code PRAGMA incremental_vacuum}) and checkpoints the WAL, truncating the -wal
     * file ({@code PRAGMA wal_checkpoint(TRUNCATE)}).
     *
     * @param everyTransactions housekeeping runs after this many write transactions (append groups
     *        and acknowledgements) since the last run; 0: never by count
     * @param intervalMillis housekeeping also runs at the first write transaction this long after the
     *        last run; 0: never by time. Both 0: housekeeping is off
     * @param freePagesThreshold free pages kept in the file for reuse; only pages beyond this many
     *        are given back
     * @param walSizeLimitBytes {@code PRAGMA journal_size_limit}: after each automatic checkpoint the
     *        -wal file is cut back to this size; -1: no limit (SQLite's default)
     * @param minGapMillis a run due by count waits until this long after the last run; 0: no wait
     */
    public record Housekeeping(int everyTransactions, long intervalMillis, int freePagesThreshold,
            long walSizeLimitBytes, long minGapMillis) {
        // Every 100 transactions, but at most once a second. Without the gap one appender, committing
        // 2,000 times a second, housekept 20 times a second: a fifth of its throughput and 3x its p99
        // append latency. Runs much rarer than every few seconds made the OPC UA benchmark's p99 worse
        // (one run every 2,000 transactions, once a minute there: 428 and 487 ms against 173-201 ms):
        // the longer the gap, the more free pages one run gives back while the uplink waits.
        public static final Housekeeping DEFAULT = new Housekeeping(100, 300_000, 1024, 8L << 20, 1000);
        public static final Housekeeping OFF = new Housekeeping(0, 0, 1024, -1, 0);

        /** Without a minimum gap between runs. */
        public Housekeeping(int everyTransactions, long intervalMillis, int freePagesThreshold, long walSizeLimitBytes) {
            this(everyTransactions, intervalMillis, freePagesThreshold, walSizeLimitBytes, 0);
        }

        public Housekeeping {
            if (everyTransactions < 0) {
                throw new IllegalArgumentException("housekeepingEveryTransactions must not be negative: " + everyTransactions);
            }
            if (intervalMillis < 0) {
                throw new IllegalArgumentException("the housekeeping interval must not be negative: " + intervalMillis + " ms");
            }
            if (freePagesThreshold < 0) {
                throw new IllegalArgumentException("vacuumFreePagesThreshold must not be negative: " + freePagesThreshold);
            }
            if (walSizeLimitBytes < -1) {
                throw new IllegalArgumentException("walSizeLimitBytes must be -1 (no limit) or more: " + walSizeLimitBytes);
            }
            if (minGapMillis < 0) {
                throw new IllegalArgumentException("housekeepingMinGapMillis must not be negative: " + minGapMillis);
            }
        }

        boolean enabled() {
            return everyTransactions > 0 || intervalMillis > 0;
        }
    }

    /** One append waiting for its transaction: the encoded batch, its lane and the appender's future. */
    private record PendingAppend(String[] pointIds, byte[][] bodies, Lane lane, CompletableFuture<Void> done) {
    }

    /** One lane of the queue: its table, what of it is handed out, and how many rows it holds. Guarded by lock. */
    private static final class QueueLine {
        final SampleTable table;
        final DeliveryTracker delivery;
        long pending;

        /** A lane whose rows all have ids above {@code goneUpTo}. */
        QueueLine(SampleTable table, long goneUpTo) {
            this.table = table;
            this.delivery = new DeliveryTracker(goneUpTo);
        }
    }

    private static final Logger LOG = System.getLogger(SqliteSampleStore.class.getName());
    /**
     * Default of {@link Settings#liveSplitRows}: unsent rows beyond which the queue is a backlog (an
     * outage's worth, not a moment's) and live rows are handed out ahead of it.
     */
    public static final long LIVE_SPLIT_ROWS = 10_000;
    /**
     * How old (by gateway time) the oldest unsent row must also be for a split: a fast site (10,000
     * OPC UA items at 100 ms) queues more than {@link #LIVE_SPLIT_ROWS} rows in one publish, and
     * splitting at such a moment's queue would hold part of it back behind the next one.
     */
    static final long LIVE_SPLIT_AGE_MILLIS = 5_000;
    /** What SQLite adds to a row's body on disk, about: record header, rowid, point id, cell pointer. */
    private static final int ROW_OVERHEAD_BYTES = 12;
    /** Rows one drop transaction deletes at most, so the writer is not blocked for long. */
    private static final int MAX_DROP_PER_TRANSACTION = 100_000;
    /** Drop transactions per lane after one commit; the next commit goes on if still over the target. */
    private static final int MAX_DROP_CHUNKS = 3;
    private static final DateTimeFormatter QUARANTINE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;
    private final Settings settings;
    private final Optional<Path> quarantined;
    // Fair: the writer takes it again right after each group commit, and under a steady stream of
    // appends an unfair lock let it barge in front of the uplink's next() and acknowledge() for
    // seconds (JFR: 25 s of waiting in 80 s at 100,000 samples/s), which is latency at the broker.
    private final ReentrantLock lock = new ReentrantLock(true);
    /** Signalled (holding {@link #lock}) when rows may have become ready to hand out; see {@link #next(int, long)}. */
    private final Condition readyToHandOut = lock.newCondition();
    private final SampleCodec codec = new SampleCodec();

    // The append queue, guarded by queueLock. closing: no more appends are taken.
    private final ReentrantLock queueLock = new ReentrantLock();
    private final Condition queued = queueLock.newCondition();
    private final ArrayDeque<PendingAppend> queue = new ArrayDeque<>();
    private boolean closing;
    // Set (under queueLock) when a transaction outside the writer made housekeeping due.
    private boolean housekeepingDue;

    private final Thread writer;
    private final Object closeLock = new Object();

    // Guarded by lock. connection is null once closed.
    private Connection connection;
    private final PointDictionary points;
    private final QueueLine telemetry;
    private final QueueLine priority;
    private final DropLedger drops;
    /** Drop reports in the priority lane not handed out yet: a new drop of their point merges into them. */
    private final UnsentDropReports unsentReports = new UnsentDropReports();
    private long lastIssuedId;
    private long appended;
    private long dropped;
    private long droppedEver;
    // The database's used bytes after the last write transaction; read without the lock by
    // append() for the reject-new policy.
    private volatile long usedBytes;
    // Set and cleared by measureUsedBytes (holding lock); read by append() without it.
    private volatile boolean rejectingTelemetry;
    /** Told about the drop reports this store raises itself; see {@link #onOwnEvents}. */
    private volatile java.util.function.Consumer<List<Sample>> ownEvents = events -> { };
    private long bytesSinceCapacityCheck;
    // So the first commit measures: nanoTime has an arbitrary origin.
    private long lastCapacityCheckNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(2);
    private long acknowledged;
    private long commits;
    private long transactionsSinceHousekeeping;
    private long lastHousekeepingNanos = System.nanoTime();

    /** Opens the store with {@link Settings#DEFAULT}; see {@link #SqliteSampleStore(Path, Settings)}. */
    public SqliteSampleStore(Path path) throws StoreException {
        this(path, Settings.DEFAULT);
    }

    /**
     * Opens the store at {@code path}, creating the file and its parent directories if needed and
     * migrating an older schema, and starts its writer thread.
     *
     * <p>A file that is corrupt or not a SQLite database at all (SQLite says so, or
     * {@code PRAGMA quick_check} is not "ok") is moved aside with its -wal and -shm files to
     * {@code <name>.corrupt-<UTC yyyyMMdd-HHmmss>} in the same folder, never deleted, and a fresh
     * store is started at {@code path}; {@link #quarantined()} then names the moved file.
     *
     * @throws StoreException when the file cannot be opened (other than for corruption), or is
     *         from a newer version (never quarantined: that is a downgrade)
     */
    public SqliteSampleStore(Path path, Settings settings) throws StoreException {
        this.path = path.toAbsolutePath();
        this.settings = settings;
        Connection opened = null;
        Path movedTo = null;
        try {
            try {
                opened = openChecked(this.path, settings.synchronous());
            } catch (CorruptDatabase corrupt) {
                movedTo = quarantine(this.path, corrupt.getMessage());
                opened = SqliteConnections.open(this.path, settings.synchronous());
            }
            try (Statement statement = opened.createStatement()) {
                statement.execute("PRAGMA journal_size_limit = " + settings.housekeeping().walSizeLimitBytes());
            }
            StoreSchema.migrate(opened);
            points = new PointDictionary(opened);
            lastIssuedId = SampleTable.lastIssuedId(opened);
            // Each tracker starts below its lane's oldest row, so "ids not yet handed out" counts rows.
            SampleTable telemetryTable = new SampleTable(opened, SampleTable.TELEMETRY);
            telemetry = new QueueLine(telemetryTable, telemetryTable.goneUpTo(opened, lastIssuedId));
            SampleTable priorityTable = new SampleTable(opened, SampleTable.PRIORITY);
            priority = new QueueLine(priorityTable, priorityTable.goneUpTo(opened, lastIssuedId));
            drops = new DropLedger(opened);
            // The one full count: from here on pending is kept by counting appends and deletes.
            telemetry.pending = telemetry.table.count(opened);
            priority.pending = priority.table.count(opened);
            droppedEver = DropLedger.total(opened);
            connection = opened;
            measureUsedBytes();
            quarantined = Optional.ofNullable(movedTo);
        } catch (IOException | SQLException e) {
            if (opened != null) {
                SqliteConnections.closeQuietly(opened, e);
            }
            String aside = movedTo == null ? "" : " (the corrupt file was moved to " + movedTo + ")";
            throw new StoreException("could not open the sample store " + this.path + ": " + e.getMessage() + aside, e);
        }
        CompletableFuture<Void> quarantineReported = null;
        if (movedTo != null) {
            // Reported upstream through the queue itself; the writer commits it first thing.
            String event = "the sample store " + this.path + " was corrupt and was moved to " + movedTo
                    + "; a fresh store started. Samples still in the old file were not delivered: the file is"
                    + " kept for inspection and recovery";
            quarantineReported = new CompletableFuture<>();
            enqueue(new PendingAppend(new String[] {GatewayPoints.STORE_EVENT.id()},
                    new byte[][] {codec.encode(Sample.good(GatewayPoints.STORE_EVENT.id(),
                            Value.of(DataType.STRING, event), System.currentTimeMillis()))},
                    Lane.PRIORITY, quarantineReported));
        }
        writer = new Thread(this::writeLoop, "tidegate-store-writer " + this.path.getFileName());
        // Daemon: an append that has not returned was not accepted, so nothing accepted is lost
        // if the JVM exits without close(); close() flushes.
        writer.setDaemon(true);
        writer.start();
        if (quarantineReported != null) {
            try {
                quarantineReported.join();
            } catch (CompletionException e) {
                // The fresh file cannot take a row: appends will say why; the log has the quarantine.
                LOG.log(Level.ERROR, "could not record the quarantine event in " + this.path + ": " + e.getCause());
            }
        }
    }

    /** The database file. */
    public Path path() {
        return path;
    }

    /**
     * Where the file found at {@link #path()} was moved because it was corrupt, if it was when
     * this store opened it (the store then started empty); empty otherwise.
     */
    public Optional<Path> quarantined() {
        return quarantined;
    }

    /** Thrown by {@link #openChecked} when the file is corrupt or not a database. */
    private static final class CorruptDatabase extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptDatabase(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Opens the file and checks it: a file from a newer version is refused as it is (SQLException
     * from the migration), one that SQLite finds corrupt or not a database raises
     * {@link CorruptDatabase}, with the connection closed. Other failures (permissions, locks,
     * I/O) are thrown as they are: they say nothing about the file's content.
     */
    private static Connection openChecked(Path path, SynchronousMode synchronous)
            throws CorruptDatabase, IOException, SQLException {
        try {
            if (Files.exists(path)) {
                try (Connection check = SqliteConnections.openReadOnly(path);
                     Statement statement = check.createStatement()) {
                    int version = (int) SqliteConnections.queryLong(statement, "PRAGMA user_version");
                    // A newer file is left to StoreSchema.migrate, which refuses it with a clear message.
                    if (version <= StoreSchema.CURRENT_VERSION) {
                        List<String> problems = new ArrayList<>();
                        try (ResultSet rs = statement.executeQuery("PRAGMA quick_check(10)")) {
                            while (rs.next()) {
                                problems.add(rs.getString(1));
                            }
                        }
                        if (!problems.equals(List.of("ok"))) {
                            throw new CorruptDatabase("PRAGMA quick_check reports " + problems, null);
                        }
                    }
                }
            }
            return SqliteConnections.open(path, synchronous);
        } catch (SQLException e) {
            if (isCorruption(e)) {
                throw new CorruptDatabase(e.getMessage(), e);
            }
            throw e;
        }
    }

    private static boolean isCorruption(SQLException e) {
        int code = e instanceof SQLiteException sqlite ? sqlite.getResultCode().code : e.getErrorCode();
        int primary = code & 0xff;
        return primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code;
    }

    /**
     * Moves the corrupt file and its -wal/-shm aside to {@code <name>.corrupt-<UTC stamp>} (with
     * {@code -wal}/{@code -shm} appended like SQLite names them); never deletes anything.
     */
    private static Path quarantine(Path path, String reason) throws IOException {
        String stamp = QUARANTINE_STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
        Path target = path.resolveSibling(path.getFileName() + ".corrupt-" + stamp);
        for (int n = 1; Files.exists(target) || Files.exists(Path.of(target + "-wal")); n++) {
            target = path.resolveSibling(path.getFileName() + ".corrupt-" + stamp + "-" + n);
        }
        // The WAL first: a main file without its WAL would open as an older state.
        for (String suffix : List.of("-wal", "-shm", "")) {
            Path from = Path.of(path + suffix);
            if (Files.exists(from)) {
                Files.move(from, Path.of(target + suffix), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        LOG.log(Level.ERROR, "the sample store " + path + " is corrupt (" + reason + "); moved it to " + target
                + " and started an empty store at " + path + ". Samples stored in the old file were not delivered.");
        return target;
    }

    /**
     * Appends the samples in one transaction (shared with other appends); returns once it is
     * committed. On failure none of the samples is stored. Waiting for the commit is not
     * interruptible: an interrupt cannot tell whether the samples were accepted, so it is kept
     * for the caller to see once append returns.
     */
    @Override
    public void append(List<Sample> batch, Lane lane) throws StoreException {
        Capacity capacity = settings.capacity();
        if (lane == Lane.TELEMETRY && rejectingTelemetry) {
            throw new StoreException("the sample store " + path + " is full: " + usedBytes + " bytes used of its "
                    + capacity.maxBytes() + "-byte limit (capacity policy reject-new); these " + batch.size()
                    + " samples were not stored. Telemetry is taken again once the uplink has delivered enough of the"
                    + " backlog to bring the store under " + capacity.dropTargetBytes() + " bytes");
        }
        // Encode on the caller's thread: it is pure CPU work, so appenders use the other cores
        // while the writer inserts and fsyncs.
        String[] pointIds = new String[batch.size()];
        byte[][] bodies = new byte[batch.size()][];
        for (int i = 0; i < bodies.length; i++) {
            Sample sample = batch.get(i);
            pointIds[i] = sample.pointId();
            bodies[i] = codec.encode(sample);
        }
        PendingAppend append = new PendingAppend(pointIds, bodies, Objects.requireNonNull(lane, "lane"),
                new CompletableFuture<>());
        if (!enqueue(append)) {
            throw new StoreException("the sample store " + path + " is closed");
        }
        try {
            append.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StoreException failure) {
                throw failure;
            }
            throw new StoreException("could not append " + bodies.length + " samples to " + path + ": "
                    + e.getCause() + "; none of them was stored", e.getCause());
        }
    }

    /** Queues an append for the writer; false when the store is closing. An empty append is not queued. */
    private boolean enqueue(PendingAppend append) {
        queueLock.lock();
        try {
            if (closing) {
                return false;
            }
            if (append.bodies().length == 0) {
                append.done().complete(null);
                return true;
            }
            queue.addLast(append);
            queued.signal();
            return true;
        } finally {
            queueLock.unlock();
        }
    }

    /** The writer thread: one group commit after another until closed and the queue is empty. */
    private void writeLoop() {
        while (true) {
            boolean housekeepOnly;
            queueLock.lock();
            try {
                while (queue.isEmpty() && !closing && !housekeepingDue) {
                    queued.awaitUninterruptibly();
                }
                if (queue.isEmpty() && closing) {
                    return; // closing, and everything queued before is committed
                }
                housekeepOnly = queue.isEmpty();
                housekeepingDue = false;
            } finally {
                queueLock.unlock();
            }
            if (housekeepOnly) {
                lock.lock();
                try {
                    housekeep();
                } finally {
                    lock.unlock();
                }
                continue;
            }
            List<PendingAppend> group = new ArrayList<>();
            Throwable failure = null;
            try {
                lock.lock();
                try {
                    commitGroup(group);
                } finally {
                    lock.unlock();
                }
            } catch (Throwable e) {
                failure = e;
            }
            if (failure == null) {
                group.forEach(append -> append.done().complete(null));
            } else {
                fail(group, failure);
            }
            // After the appenders are released: they do not wait for the capacity policy or housekeeping.
            lock.lock();
            try {
                if (failure == null) {
                    enforceCapacity();
                    if (housekeepingDue()) {
                        housekeep();
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Counts one committed write transaction and says whether housekeeping is due: after
     * {@link Housekeeping#everyTransactions} of them (and {@link Housekeeping#minGapMillis} since the
     * last run), or at the first after {@link Housekeeping#intervalMillis}. Holding {@link #lock}.
     */
    private boolean housekeepingDue() {
        Housekeeping h = settings.housekeeping();
        transactionsSinceHousekeeping++;
        long sinceLast = System.nanoTime() - lastHousekeepingNanos;
        return (h.everyTransactions() > 0 && transactionsSinceHousekeeping >= h.everyTransactions()
                        && sinceLast >= TimeUnit.MILLISECONDS.toNanos(h.minGapMillis()))
                || (h.intervalMillis() > 0 && sinceLast >= TimeUnit.MILLISECONDS.toNanos(h.intervalMillis()));
    }

    /**
     * Gives free pages beyond {@link Housekeeping#freePagesThreshold} back to the file system and
     * checkpoints the WAL, truncating the -wal file. Runs on the writer thread holding
     * {@link #lock}, between transactions (the connection is in autocommit). A failure is logged,
     * not thrown: the samples are safe either way, and the next run tries again.
     */
    private void housekeep() {
        if (connection == null) {
            return;
        }
        transactionsSinceHousekeeping = 0;
        lastHousekeepingNanos = System.nanoTime();
        if (settings.capacity().maxAgeMillis() > 0) {
            dropExpired();
        }
        try (Statement statement = connection.createStatement()) {
            long free = SqliteConnections.queryLong(statement, "PRAGMA freelist_count");
            long excess = free - settings.housekeeping().freePagesThreshold();
            if (excess > 0) {
                // The pragma frees one page per step of its statement, and the driver steps a
                // statement without result columns only once (Statement.execute, DB.exec); the
                // native sqlite3_exec behind DB._exec steps it to the end.
                DB db = connection.unwrap(SQLiteConnection.class).getDatabase();
                int rc = db._exec("PRAGMA incremental_vacuum(" + excess + ")");
                if (rc != Codes.SQLITE_OK) {
                    db.throwex(rc);
                }
            }
            // TRUNCATE: copy the WAL into the database (which also applies the vacuum's shrinking)
            // and cut the -wal file to zero bytes. Waits up to the busy timeout for readers on
            // other connections; if it cannot finish it does nothing harmful.
            try (ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                while (rs.next()) {
                    // (busy, log frames, checkpointed frames): nothing to act on
                }
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "housekeeping of the sample store " + path + " failed: " + e.getMessage()
                    + "; the file may stay larger than needed until the next run", e);
        }
    }

    /**
     * Applies the size limit after a write transaction: records the used size for the reject-new
     * check and, under drop-oldest, while the database is over its limit deletes the oldest
     * telemetry not in flight, and once no telemetry is left the oldest priority rows, down to
     * {@link Capacity#dropTargetBytes()}. Holding {@link #lock}, on the writer thread. A failure is
     * logged: the rows stay, and the next transaction tries again.
     */
    private void enforceCapacity() {
        Capacity capacity = settings.capacity();
        if (connection == null || capacity.maxBytes() == 0) {
            return;
        }
        // Measuring costs three PRAGMAs: do it once the commits since the last measurement could
        // have added a 64th of the limit, or a second has passed; the limit is overshot by at most that.
        if (bytesSinceCapacityCheck < capacity.maxBytes() / 64
                && System.nanoTime() - lastCapacityCheckNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        try {
            long used = measureUsedBytes();
            bytesSinceCapacityCheck = 0;
            lastCapacityCheckNanos = System.nanoTime();
            if (capacity.policy() != CapacityPolicy.DROP_OLDEST || used <= capacity.maxBytes()) {
                return;
            }
            String reason = "the store reached its " + capacity.maxBytes() + "-byte limit (capacity policy"
                    + " drop-oldest); the oldest unsent samples were deleted to make room for new ones";
            // Only rows that existed when this run began: the run's own reports are never dropped by
            // it, so it ends even when everything else is in flight.
            long newestBefore = lastIssuedId;
            for (QueueLine line : List.of(telemetry, priority)) {
                // Alarms and events only once no telemetry is left at all: telemetry in flight is still
                // there (it is freed when acknowledged), so meanwhile the store stays over its limit.
                if (line == priority && telemetry.pending > 0) {
                    break;
                }
                for (int chunk = 0; chunk < MAX_DROP_CHUNKS && used > capacity.dropTargetBytes(); chunk++) {
                    long bytesPerRow = Math.max(1, used / Math.max(1, telemetry.pending + priority.pending));
                    int want = (int) Math.min(MAX_DROP_PER_TRANSACTION,
                            Math.max(1, (used - capacity.dropTargetBytes()) / bytesPerRow));
                    List<SampleTable.Row> oldest = oldestNotInFlight(line, want, newestBefore);
                    if (oldest.isEmpty()) {
                        break;
                    }
                    dropRows(line, oldest, reason);
                    used = measureUsedBytes();
                }
            }
        } catch (SQLException | StoreException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not apply the size limit of the sample store " + path + ": "
                    + e.getMessage() + "; it is measured again after the next transaction", e);
        }
    }

    /**
     * Measures the used size, publishes it for the reject-new check, and decides whether telemetry
     * is refused: from the limit until the store is back under {@link Capacity#dropTargetBytes()},
     * so the policy does not flip at every acknowledgement. Holding {@link #lock}.
     */
    private long measureUsedBytes() throws SQLException {
        long used = usedBytes();
        usedBytes = used;
        Capacity capacity = settings.capacity();
        if (capacity.policy() == CapacityPolicy.REJECT_NEW && capacity.maxBytes() > 0) {
            if (used >= capacity.maxBytes()) {
                rejectingTelemetry = true;
            } else if (used <= capacity.dropTargetBytes()) {
                rejectingTelemetry = false;
            }
        }
        return used;
    }

    /**
     * Drops telemetry older than {@link Capacity#maxAgeMillis} by gateway time, oldest first, up to
     * the first row young enough (rows are appended in time order). Holding {@link #lock}.
     */
    private void dropExpired() {
        long maxAge = settings.capacity().maxAgeMillis();
        long cutoff = System.currentTimeMillis() - maxAge;
        String reason = "older than the store's maximum age of " + Duration.ofMillis(maxAge)
                + " (retention by age)";
        try {
            List<SampleTable.Row> expired = new ArrayList<>();
            long after = 0;
            scan:
            while (true) {
                List<SampleTable.Row> rows = telemetry.table.readAfter(after, 1000);
                if (rows.isEmpty()) {
                    break;
                }
                for (SampleTable.Row row : rows) {
                    after = row.id();
                    if (decode(row).gatewayTime() >= cutoff) {
                        break scan;
                    }
                    if (!telemetry.delivery.isInFlight(row.id())) {
                        expired.add(row);
                    }
                }
                if (expired.size() >= MAX_DROP_PER_TRANSACTION) {
                    break; // the rest at the next housekeeping, so the writer is not held for long
                }
            }
            if (!expired.isEmpty()) {
                dropRows(telemetry, expired, reason);
            }
            measureUsedBytes();
        } catch (SQLException | StoreException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not drop expired samples from the sample store " + path + ": "
                    + e.getMessage() + "; the next housekeeping tries again", e);
        }
    }

    /** Up to {@code want} of the lane's oldest rows up to {@code newestId} that are not in flight, oldest first. */
    private List<SampleTable.Row> oldestNotInFlight(QueueLine line, int want, long newestId) throws SQLException {
        List<SampleTable.Row> rows = line.table.readBetween(0, newestId, want + line.delivery.inFlightCount());
        List<SampleTable.Row> free = new ArrayList<>(Math.min(rows.size(), want));
        for (SampleTable.Row row : rows) {
            if (free.size() == want) {
                break;
            }
            if (!line.delivery.isInFlight(row.id())) {
                free.add(row);
            }
        }
        return free;
    }

    /**
     * Deletes rows unsent, and in the same transaction counts them per point in the drop ledger and
     * queues the events that report them upstream (one per point, and the new total) in the
     * priority lane. A point's report still waiting unsent takes the new drop in (see
     * {@link UnsentDropReports}), as does the total. Holding {@link #lock}.
     */
    private void dropRows(QueueLine line, List<SampleTable.Row> rows, String reason)
            throws SQLException, StoreException {
        DropTally tally = new DropTally();
        Map<Integer, Long> byPoint = new HashMap<>();
        List<Long> ids = new ArrayList<>(rows.size());
        for (SampleTable.Row row : rows) {
            tally.add(decode(row));
            byPoint.merge(row.point(), 1L, Long::sum);
            ids.add(row.id());
        }
        if (line == priority) {
            ids.forEach(unsentReports::gone); // a report dropped itself is not merged into
        }
        DropTally report = new DropTally();
        List<Long> replaced = new ArrayList<>();
        for (DropTally.Span span : tally.spans()) {
            UnsentDropReports.Unsent earlier = unsentReports.unsent(reason, span.point());
            if (earlier != null) {
                report.add(earlier.span());
                replaced.add(earlier.rowId());
            }
            report.add(span);
        }
        if (unsentReports.totalRowId() != 0) {
            replaced.add(unsentReports.totalRowId());
        }
        // The rows were read under the lock a moment ago, so all of them are deleted: one count for
        // the ledger, the events and the counters.
        long now = System.currentTimeMillis();
        Sample total = Sample.good(GatewayPoints.STORE_DROPPED.id(),
                Value.of(DataType.INT64, droppedEver + ids.size()), now);
        List<Sample> events = report.events(reason, now);
        events.add(total);
        long[] id = {lastIssuedId};
        int[] replacedDeleted = {0};
        int deleted;
        try {
            deleted = inTransaction(() -> {
                int n = line.table.delete(ids);
                replacedDeleted[0] = replaced.isEmpty() ? 0 : priority.table.delete(replaced);
                if (replacedDeleted[0] != replaced.size()) {
                    // Cannot happen while every hand-out forgets its row; committed, a host would count twice.
                    throw new SQLException("the sample store " + path + " was to merge " + replaced.size()
                            + " unsent drop reports into new ones but found only " + replacedDeleted[0] + " of them");
                }
                drops.add(byPoint);
                for (Sample event : events) {
                    priority.table.addInsert(++id[0], points.idOf(event.pointId()), codec.encode(event));
                }
                priority.table.flushInserts();
                telemetry.table.saveLastIssuedId(id[0]);
                return n;
            });
        } catch (SQLException | RuntimeException e) {
            points.rolledBack();
            unsentReports.clear(); // the next attempt writes reports of its own rather than merge again
            throw e;
        }
        points.committed();
        replaced.forEach(unsentReports::gone);
        replaced.forEach(priority.delivery::forget);
        List<DropTally.Span> spans = report.spans(); // in the order of the events
        for (int i = 0; i < spans.size(); i++) {
            unsentReports.reported(reason, spans.get(i), lastIssuedId + 1 + i);
        }
        unsentReports.totalReported(id[0]);
        lastIssuedId = id[0];
        ids.forEach(line.delivery::forget);
        line.pending -= deleted;
        // A merged report takes the place of the one it replaced: only the difference is new.
        priority.pending += events.size() - replacedDeleted[0];
        appended += events.size() - replacedDeleted[0];
        dropped += ids.size();
        droppedEver += ids.size();
        LOG.log(Level.WARNING, "the sample store " + path + " dropped " + deleted + " unsent samples of "
                + byPoint.size() + " points: " + reason + " (" + droppedEver + " dropped over the file's life;"
                + " each drop is reported upstream)");
        readyToHandOut.signalAll();
        // Listeners (the console's event list) hear of this drop alone, not of the merged report,
        // which an operator would otherwise add to the report it replaced.
        List<Sample> thisDrop = tally.events(reason, now);
        thisDrop.add(total);
        ownEvents.accept(List.copyOf(thisDrop));
    }

    /**
     * Who hears of the events this store raises itself (drop reports), once they are committed;
     * called holding the store's lock, so it must only hand them on.
     */
    public void onOwnEvents(java.util.function.Consumer<List<Sample>> listener) {
        ownEvents = Objects.requireNonNull(listener, "listener");
    }

    /** The database's used size: its pages minus the free ones. Holding {@link #lock}. */
    private long usedBytes() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long pages = SqliteConnections.queryLong(statement, "PRAGMA page_count");
            long free = SqliteConnections.queryLong(statement, "PRAGMA freelist_count");
            long pageSize = SqliteConnections.queryLong(statement, "PRAGMA page_size");
            return (pages - free) * pageSize;
        }
    }

    /** The head of the queue, if there is one and it fits into a transaction already holding {@code size} samples. */
    private PendingAppend pollIfFits(int size) {
        queueLock.lock();
        try {
            PendingAppend head = queue.peekFirst();
            if (head == null || (size > 0 && size + head.bodies().length > settings.commitMaxSamples())) {
                return null;
            }
            return queue.pollFirst();
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * Takes queued appends in queue order into one transaction and commits it; adds each append
     * to {@code group} as soon as it is taken, so the caller completes or fails exactly those.
     * Called by the writer, holding {@link #lock}.
     */
    private void commitGroup(List<PendingAppend> group) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.commitIntervalMillis());
        int size = 0;
        long id = lastIssuedId;
        // Taken before the transaction begins, so even a failure to begin fails an append
        // (and the writer moves on) instead of leaving it queued for ever.
        PendingAppend append = pollIfFits(0);
        if (append == null) {
            return; // cannot happen: only this thread takes from the queue, and it was not empty
        }
        group.add(append);
        try {
            connection.setAutoCommit(false);
            while (true) {
                SampleTable table = line(append.lane()).table;
                for (int i = 0; i < append.bodies().length; i++) {
                    table.addInsert(++id, points.idOf(append.pointIds()[i]), append.bodies()[i]);
                }
                table.flushInserts();
                size += append.bodies().length;
                if (size >= settings.commitMaxSamples() || System.nanoTime() - deadline >= 0) {
                    break;
                }
                append = pollIfFits(size);
                if (append == null) {
                    break; // nobody else is waiting: commit now rather than idle
                }
                group.add(append);
            }
            telemetry.table.saveLastIssuedId(id);
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            points.rolledBack();
            try {
                connection.setAutoCommit(true);
            } catch (SQLException restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
        points.committed();
        lastIssuedId = id;
        appended += size;
        readyToHandOut.signalAll();
        for (PendingAppend taken : group) {
            line(taken.lane()).pending += taken.bodies().length;
            for (byte[] body : taken.bodies()) {
                // The body, plus about what SQLite adds per row (header, rowid, point, b-tree cell).
                bytesSinceCapacityCheck += body.length + ROW_OVERHEAD_BYTES;
            }
        }
        commits++;
        // Back to autocommit, so reads between writes do not hold a snapshot that would stop
        // WAL checkpoints. The samples are committed whatever happens here, so a failure must not
        // fail their appends; the next transaction starts from whichever mode the connection is in.
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // Reported by the next statement that cannot run, if the connection is really broken.
        }
    }

    /** Fails every append of a transaction that did not commit, each with its own message. */
    private void fail(List<PendingAppend> group, Throwable cause) {
        int total = group.stream().mapToInt(a -> a.bodies().length).sum();
        String why = isFull(cause)
                ? "the disk holding it is full (or the database reached its page limit): " + cause.getMessage()
                : cause.getMessage();
        for (PendingAppend append : group) {
            int n = append.bodies().length;
            String shared = group.size() == 1 ? ""
                    : " (the transaction also held " + (total - n) + " samples of " + (group.size() - 1)
                            + " other appends, which failed with it)";
            append.done().completeExceptionally(new StoreException("could not append " + n + " samples to " + path
                    + ": " + why + "; none of them was stored" + shared, cause));
        }
    }

    private static boolean isFull(Throwable e) {
        return e instanceof SQLiteException sqlite
                && (sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_FULL.code;
    }

    /**
     * Test hook: caps the database at {@code pages} pages ({@code PRAGMA max_page_count}, this
     * connection only), so a test can fill it like a full disk; returns the cap SQLite applied.
     */
    long limitPageCount(long pages) throws StoreException {
        lock.lock();
        try {
            ensureOpen();
            try (Statement statement = connection.createStatement()) {
                return SqliteConnections.queryLong(statement, "PRAGMA max_page_count = " + pages);
            } catch (SQLException e) {
                throw new StoreException("could not cap " + path + " at " + pages + " pages: " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<StoredSample> next(int max, long waitMillis) throws StoreException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMillis));
        lock.lockInterruptibly();
        try {
            while (true) {
                List<StoredSample> out = next(max);
                long left = deadline - System.nanoTime();
                if (!out.isEmpty() || left <= 0 || max <= 0) {
                    return out;
                }
                // Woken by a commit, a release or a drop report; a spurious wake-up just reads again.
                readyToHandOut.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands out up to {@code max} of the oldest samples not in flight: the priority lane's first,
     * then telemetry; within a lane in id order, first those released back into line, then ones
     * never handed out.
     */
    @Override
    public List<StoredSample> next(int max) throws StoreException {
        lock.lock();
        try {
            ensureOpen();
            if (max <= 0) {
                return List.of();
            }
            List<StoredSample> out = new ArrayList<>();
            try {
                takeNext(priority, max, out);
                takeNext(telemetry, max, out);
            } catch (SQLException e) {
                throw new StoreException("could not read the next samples from " + path + ": " + e.getMessage(), e);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds the next rows of one lane to {@code out} until it holds {@code max}, and marks them in
     * flight: released rows first (lowest first), then rows never handed out. When more than
     * {@link Settings#liveSplitRows} telemetry rows wait unsent and the oldest of them was taken
     * {@link #LIVE_SPLIT_AGE_MILLIS} ago or more (the uplink is back from an outage, or the link
     * dropped again), they become a backlog range (see {@link DeliveryTracker}): rows
     * appended from then on, the live ones, go out first, and the backlog fills the rest of each
     * batch, oldest range first. A row handed out below the newest one in flight or acknowledged
     * is marked backlog: something newer went out before it, so the uplink flags it historical.
     */
    private void takeNext(QueueLine line, int max, List<StoredSample> out) throws SQLException, StoreException {
        if (out.size() >= max || line.pending == 0) {
            return;
        }
        DeliveryTracker delivery = line.delivery;
        long splitRows = settings.liveSplitRows();
        // Only telemetry is split: the priority lane is short, and all of it goes out first anyway.
        if (line == telemetry && splitRows > 0 && lastIssuedId - delivery.cursor() > splitRows
                && oldestUnsentIsOlderThan(line, System.currentTimeMillis() - LIVE_SPLIT_AGE_MILLIS)) {
            delivery.split(lastIssuedId);
        }
        List<SampleTable.Row> rows = new ArrayList<>();
        List<Long> missing = new ArrayList<>();
        for (long id : delivery.released()) {
            if (out.size() + rows.size() >= max) {
                break;
            }
            SampleTable.Row row = line.table.readById(id);
            if (row == null) {
                missing.add(id);
            } else {
                rows.add(row);
            }
        }
        if (out.size() + rows.size() < max) {
            // After a new session the scan also meets rows still in flight from the last one: skipped.
            for (SampleTable.Row row : line.table.readAfter(delivery.cursor(),
                    plusInFlight(max - out.size() - rows.size(), delivery))) {
                if (out.size() + rows.size() >= max) {
                    break;
                }
                if (!delivery.isInFlight(row.id())) {
                    rows.add(row);
                }
            }
        }
        // Backlog ranges, oldest first; a range found empty is done (its rows went out or were dropped).
        List<DeliveryTracker.Range> finished = new ArrayList<>();
        List<DeliveryTracker.Range> ranges = delivery.backlogRanges();
        for (DeliveryTracker.Range range : ranges) {
            int room = max - out.size() - rows.size();
            if (room <= 0) {
                break;
            }
            int wanted = plusInFlight(room, delivery);
            List<SampleTable.Row> read = line.table.readBetween(range.after(), range.upTo(), wanted);
            boolean allTaken = true;
            for (SampleTable.Row row : read) {
                if (rows.size() + out.size() >= max) {
                    allTaken = false; // the batch is full: the rest of the range waits for the next call
                    break;
                }
                if (!delivery.isInFlight(row.id())) {
                    rows.add(row);
                }
            }
            // Done only when the read reached the end of the range and every row of it was taken.
            if (allTaken && read.size() < wanted) {
                finished.add(range);
            }
        }
        List<StoredSample> taken = new ArrayList<>(rows.size());
        long newestSent = delivery.newestSent();
        for (SampleTable.Row row : rows) {
            taken.add(new StoredSample(row.id(), decode(row), row.id() < newestSent));
            newestSent = Math.max(newestSent, row.id());
        }
        // State changes only now that every row has been read and decoded.
        missing.forEach(delivery::forget);
        for (StoredSample stored : taken) {
            delivery.handedOut(stored.id());
            if (line == priority) {
                unsentReports.gone(stored.id());
            }
        }
        finished.forEach(delivery::backlogRangeDone);
        out.addAll(taken);
    }

    /** Whether the lane's first row above the hand-out cursor was taken (gateway time) before {@code time}. */
    private boolean oldestUnsentIsOlderThan(QueueLine line, long time) throws SQLException, StoreException {
        List<SampleTable.Row> first = line.table.readAfter(line.delivery.cursor(), 1);
        return !first.isEmpty() && decode(first.get(0)).gatewayTime() < time;
    }

    /**
     * A new uplink session: each lane hands out everything not in flight oldest first again (see
     * {@link SampleStore#newSession}), then splits afresh if its backlog is long.
     */
    @Override
    public void newSession() {
        lock.lock();
        try {
            if (connection == null) {
                return;
            }
            try {
                for (QueueLine line : List.of(priority, telemetry)) {
                    line.delivery.restartOrder(line.table.goneUpTo(connection, lastIssuedId));
                }
            } catch (SQLException e) {
                // The hand-out order stays as it was: still at least once, possibly out of order.
                LOG.log(Level.WARNING, "could not restart the hand-out order of " + path + ": " + e.getMessage());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Rows to read to find {@code room} not in flight, without overflowing for an unlimited room. */
    private static int plusInFlight(int room, DeliveryTracker delivery) {
        return (int) Math.min(Integer.MAX_VALUE, (long) room + delivery.inFlightCount());
    }

    private QueueLine line(Lane lane) {
        return lane == Lane.PRIORITY ? priority : telemetry;
    }

    /** Deletes acknowledged samples in one transaction; unknown ids are ignored. */
    @Override
    public void acknowledge(Collection<Long> ids) throws StoreException {
        lock.lock();
        try {
            ensureOpen();
            if (ids.isEmpty()) {
                return;
            }
            // Ids are unique across the two tables, so each id is deleted from both: an id the
            // trackers no longer know (an acknowledgement held across a reopen) is still found.
            int[] deleted = new int[2];
            try {
                inTransaction(() -> {
                    deleted[0] = priority.pending == 0 ? 0 : priority.table.delete(ids);
                    deleted[1] = telemetry.table.delete(ids);
                    return null;
                });
            } catch (SQLException e) {
                throw new StoreException("could not delete " + ids.size() + " acknowledged samples from " + path
                        + ": " + e.getMessage(), e);
            }
            for (Long id : ids) {
                priority.delivery.acknowledged(id);
                telemetry.delivery.acknowledged(id);
            }
            priority.pending -= deleted[0];
            telemetry.pending -= deleted[1];
            acknowledged += deleted[0] + deleted[1];
            if (settings.capacity().policy() == CapacityPolicy.REJECT_NEW && settings.capacity().maxBytes() > 0) {
                // Delivered rows free space: telemetry may be accepted again.
                try {
                    measureUsedBytes();
                } catch (SQLException e) {
                    // Kept as it was; the writer measures again after its next transaction.
                }
            }
            if (housekeepingDue()) {
                // The writer does it, so the uplink's thread does not wait for it.
                queueLock.lock();
                try {
                    housekeepingDue = true;
                    queued.signal();
                } finally {
                    queueLock.unlock();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts in-flight samples back in line. Ids not in flight are ignored; after close there is
     * nothing in flight (the rows are pending again on the next open), so it does nothing.
     */
    @Override
    public void release(Collection<Long> ids) {
        lock.lock();
        try {
            if (connection != null) {
                priority.delivery.release(ids);
                telemetry.delivery.release(ids);
                readyToHandOut.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Counters since open; after close, the last values. */
    @Override
    public StoreStats stats() {
        lock.lock();
        try {
            return new StoreStats(appended, acknowledged, priority.pending + telemetry.pending,
                    priority.delivery.inFlightCount() + telemetry.delivery.inFlightCount(), dropped);
        } finally {
            lock.unlock();
        }
    }

    /** The first row of each lane by id (the primary key): one index lookup per lane. */
    @Override
    public OptionalLong oldestPendingTime() throws StoreException {
        lock.lock();
        try {
            ensureOpen();
            long oldest = Long.MAX_VALUE;
            try {
                for (QueueLine line : List.of(priority, telemetry)) {
                    List<SampleTable.Row> first = line.table.readBetween(Long.MIN_VALUE, Long.MAX_VALUE, 1);
                    if (!first.isEmpty()) {
                        oldest = Math.min(oldest, decode(first.get(0)).gatewayTime());
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("could not read the oldest sample of " + path + ": " + e.getMessage(), e);
            }
            return oldest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(oldest);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking appends, waits until every append queued before is committed (or failed), then
     * closes the connection. The clean close of the last connection checkpoints the WAL into the
     * database file and removes the -wal file. Closing twice does nothing.
     */
    @Override
    public void close() throws StoreException {
        synchronized (closeLock) {
            queueLock.lock();
            try {
                closing = true;
                queued.signalAll();
            } finally {
                queueLock.unlock();
            }
            boolean interrupted = false;
            while (writer.isAlive()) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            lock.lock();
            try {
                if (connection == null) {
                    return;
                }
                Connection closing = connection;
                connection = null;
                readyToHandOut.signalAll(); // a waiting next() then says the store is closed
                try (closing) {
                    telemetry.table.close();
                    priority.table.close();
                    drops.close();
                    points.close();
                } catch (SQLException e) {
                    throw new StoreException("could not close the sample store " + path + ": " + e.getMessage(), e);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Transactions the writer has committed since open; tests use it to see grouping. */
    long commits() {
        lock.lock();
        try {
            return commits;
        } finally {
            lock.unlock();
        }
    }

    /** Whether close() has begun: appends are refused from then on. */
    boolean closing() {
        queueLock.lock();
        try {
            return closing;
        } finally {
            queueLock.unlock();
        }
    }

    /** Appends waiting for the writer. */
    int queuedAppends() {
        queueLock.lock();
        try {
            return queue.size();
        } finally {
            queueLock.unlock();
        }
    }

    /**
     * The lock the writer holds for a whole transaction. A test that holds it keeps the writer
     * from starting the next transaction, so the appends queued meanwhile form one group.
     */
    ReentrantLock transactionLock() {
        return lock;
    }

    /** The value of a PRAGMA on the store's own connection (some, like synchronous, are per connection). */
    String pragma(String name) throws StoreException {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a pragma name: " + name);
        }
        lock.lock();
        try {
            ensureOpen();
            try (Statement statement = connection.createStatement()) {
                return SqliteConnections.queryString(statement, "PRAGMA " + name);
            } catch (SQLException e) {
                throw new StoreException("could not read PRAGMA " + name + " of " + path + ": " + e.getMessage(), e);
            }
        } finally {
            lock.unlock();
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
            throw new StoreException("the sample store " + path + " is closed");
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
