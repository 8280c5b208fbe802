package io.tidegate.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the tables and migrates older files forward. The version lives in
 * {@code PRAGMA user_version}; each migration step runs in its own transaction together with the
 * version bump, so a file is always at exactly one known version.
 *
 * <p>To change the schema (or the body format of {@link SampleCodec}), append a step to
 * {@link #MIGRATIONS}; never edit a step that has shipped.
 */
final class StoreSchema {

    /** Step i takes a file from version i to version i + 1. */
    private static final List<List<String>> MIGRATIONS = List.of(
            // 0 -> 1: the first schema.
            List.of(
                    // Point names are interned: a sample row carries a small integer, not the name.
                    // Rows are never deleted, so an id means the same point for the file's life.
                    "CREATE TABLE point(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)",
                    // The queue. id is the rowid: append order, and the handle acks use. point is
                    // not declared a foreign key: SQLite would not enforce it unless asked, and
                    // enforcing it would cost a lookup per insert; the store checks it on read.
                    // body is SampleCodec format 1.
                    "CREATE TABLE sample(id INTEGER PRIMARY KEY, point INTEGER NOT NULL, body BLOB NOT NULL)",
                    // The last sample id ever issued. SQLite alone would reuse the ids of deleted
                    // rows once the queue empties; then an ack held across a store restart could
                    // delete a different, unsent sample. Updated once per append transaction.
                    "CREATE TABLE id_sequence(name TEXT PRIMARY KEY, last_id INTEGER NOT NULL) WITHOUT ROWID",
                    "INSERT INTO id_sequence(name, last_id) VALUES ('sample', 0)"),
            // 1 -> 2: the priority lane and the drop ledger.
            List.of(
                    // Alarms and events: handed out before any row of sample, dropped only once
                    // sample is empty. Same columns and body format as sample; ids come from the
                    // same sequence, so an id names one row in one of the two tables.
                    "CREATE TABLE priority_sample(id INTEGER PRIMARY KEY, point INTEGER NOT NULL, body BLOB NOT NULL)",
                    // Samples a capacity policy deleted unsent, per point, over the file's life.
                    "CREATE TABLE drop_count(point INTEGER PRIMARY KEY, dropped INTEGER NOT NULL)"));

    /** The version this code writes and understands. */
    static final int CURRENT_VERSION = MIGRATIONS.size();

    private StoreSchema() {
    }

    /**
     * Brings the schema of the connection's database to {@link #CURRENT_VERSION}.
     *
     * @throws SQLException when a step fails (it is rolled back) or the file is newer than this code
     */
    static void migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        try (Statement statement = connection.createStatement()) {
            int version = (int) SqliteConnections.queryLong(statement, "PRAGMA user_version");
            if (version > CURRENT_VERSION) {
                throw new SQLException("the database has schema version " + version
                        + ", written by a newer Tidegate; this one understands up to " + CURRENT_VERSION);
            }
            connection.setAutoCommit(false);
            for (int step = version; step < CURRENT_VERSION; step++) {
                try {
                    for (String sql : MIGRATIONS.get(step)) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + (step + 1));
                    connection.commit();
                } catch (SQLException e) {
                    try {
                        connection.rollback();
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    throw new SQLException("migrating the schema from version " + step + " to " + (step + 1)
                            + " failed: " + e.getMessage(), e);
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
