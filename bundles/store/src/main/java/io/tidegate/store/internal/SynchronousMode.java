package io.tidegate.store.internal;

/**
 * The SQLite {@code PRAGMA synchronous} levels the store offers, in WAL mode.
 */
public enum SynchronousMode {
    /** Every commit fsyncs the WAL: an accepted sample survives a power cut. The default. */
    FULL,
    /**
     * The WAL is fsynced only at checkpoints: on power loss the last commits may be lost (never on
     * a crash of the process alone), and the database is never corrupted.
     */
    NORMAL
}
