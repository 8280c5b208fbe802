package io.tidegate.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the sample store (PID {@code io.tidegate.store}). */
@ObjectClassDefinition(
        id = SqliteStoreComponent.PID,
        name = "Tidegate sample store",
        description = "The durable queue that holds every sample on the gateway's disk until an uplink"
                + " has delivered it upstream.")
public @interface SqliteStoreConfig {

    @AttributeDefinition(
            name = "Database file",
            description = "Path of the SQLite database file that holds the queue, e.g."
                    + " /var/lib/tidegate/store.db. Use an absolute path on persistent storage (not tmpfs);"
                    + " missing parent directories are created. Samples survive restarts and power cuts"
                    + " only as long as this file does.",
            required = true)
    String path();

    @AttributeDefinition(
            name = "Commit interval (ms)",
            description = "Appends from all threads share transactions (group commit); each append returns"
                    + " only once the transaction holding it is committed. This is the longest one"
                    + " transaction stays open taking in further appends while they keep arriving; the"
                    + " store never waits idle when no append is queued. Larger values mean fewer"
                    + " fsyncs (less flash wear) and higher append latency under load. 0 commits every"
                    + " append on its own.",
            min = "0")
    long commitIntervalMillis() default 20;

    @AttributeDefinition(
            name = "Commit size (samples)",
            description = "A transaction is committed as soon as it holds this many samples, before the"
                    + " commit interval is up. A single larger append is never split: it is committed"
                    + " whole, in a transaction of its own.",
            min = "1")
    int commitMaxSamples() default 10_000;

    @AttributeDefinition(
            name = "Synchronous",
            description = "How hard each commit is pushed to disk (SQLite PRAGMA synchronous, WAL mode)."
                    + " FULL (default): every commit fsyncs the write-ahead log, so an accepted sample"
                    + " survives a power cut. NORMAL: the log is fsynced only at checkpoints, which is"
                    + " faster and wears flash less, but on power loss (or an OS crash) the last"
                    + " commits - samples already accepted - can be lost; a crash of the Tidegate"
                    + " process alone loses nothing, and the database is never corrupted in either mode.")
    SynchronousMode synchronous() default SynchronousMode.FULL;

    @AttributeDefinition(
            name = "Housekeeping every (transactions)",
            description = "Housekeeping keeps the database file and its write-ahead log (-wal file) from"
                    + " growing for ever: it gives free pages beyond the threshold back to the file system"
                    + " (incremental vacuum) and checkpoints the log, truncating the -wal file. It runs on"
                    + " the store's writer thread between transactions, after this many write transactions"
                    + " (groups of appends and acknowledgements) since its last run. 0: never by count.",
            min = "0")
    int housekeepingEveryTransactions() default 100;

    @AttributeDefinition(
            name = "Housekeeping at most every (ms)",
            description = "A housekeeping run due by the count of transactions waits until this long after the"
                    + " last run: a single fast appender commits thousands of times a second, and housekeeping"
                    + " at every 100th commit took a fifth of its throughput. 0: no wait.",
            min = "0")
    long housekeepingMinGapMillis() default 1000;

    @AttributeDefinition(
            name = "Housekeeping interval (s)",
            description = "Housekeeping also runs at the first write transaction this many seconds after its"
                    + " last run, however few transactions there were. 0: never by time. With both this and"
                    + " the count at 0, housekeeping is off and the file only ever grows to its largest"
                    + " backlog.",
            min = "0")
    long housekeepingIntervalSeconds() default 300;

    @AttributeDefinition(
            name = "Free pages kept",
            description = "Free pages (of 4 KiB by default) left in the file for later appends to reuse;"
                    + " housekeeping gives only the pages beyond this many back to the file system.",
            min = "0")
    int vacuumFreePagesThreshold() default 1024;

    @AttributeDefinition(
            name = "WAL size limit (bytes)",
            description = "SQLite PRAGMA journal_size_limit: after each automatic checkpoint the -wal file is"
                    + " cut back to at most this size. -1: no limit.",
            min = "-1")
    long walSizeLimitBytes() default 8L * 1024 * 1024;

    @AttributeDefinition(
            name = "Maximum size (bytes)",
            description = "The most the database may hold (its used pages; the -wal file comes on top, see the"
                    + " WAL size limit). At the limit the capacity policy applies. Set it below the free space"
                    + " of the data partition, so a long outage meets this limit and not a full disk."
                    + " 0: no limit (the disk is the limit).",
            min = "0")
    long maxBytes() default 1L << 30;

    @AttributeDefinition(
            name = "Maximum age (s)",
            description = "Telemetry older than this many seconds (by the time the gateway took it) is dropped"
                    + " at housekeeping, counted and reported upstream like a size drop; alarms and events are"
                    + " kept. 0: telemetry is kept until delivered, however old.",
            min = "0")
    long maxAgeSeconds() default 0;

    @AttributeDefinition(
            name = "Capacity policy",
            description = "What happens at the maximum size. DROP_OLDEST (default): the oldest unsent"
                    + " telemetry is deleted to make room, down to 90% of the limit, so the newest readings"
                    + " keep coming in; alarms and events only once no telemetry is left. REJECT_NEW: new"
                    + " telemetry is refused until the uplink has delivered enough of the backlog (the engine"
                    + " holds the newest readings in memory meanwhile and raises the store alarm); alarms and"
                    + " events are still taken. Either way every drop is counted per point and reported"
                    + " upstream as an event: \"N samples of P dropped from T1 to T2\".")
    CapacityPolicy capacityPolicy() default CapacityPolicy.DROP_OLDEST;
}
