package io.tidegate.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The table {@code drop_count}: how many samples of each point a capacity policy has deleted
 * unsent, over the file's life. Written in the transaction that deletes them, so the count and
 * the rows never disagree.
 */
final class DropLedger implements AutoCloseable {
    private final PreparedStatement add;

    DropLedger(Connection connection) throws SQLException {
        add = connection.prepareStatement("INSERT INTO drop_count(point, dropped) VALUES (?, ?)"
                + " ON CONFLICT(point) DO UPDATE SET dropped = dropped + excluded.dropped");
    }

    /** All samples ever dropped from this file. */
    static long total(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return SqliteConnections.queryLong(statement, "SELECT coalesce(sum(dropped), 0) FROM drop_count");
        }
    }

    /** Adds the counts (interned point id to samples dropped) inside the caller's transaction. */
    void add(Map<Integer, Long> dropsByPoint) throws SQLException {
        for (Map.Entry<Integer, Long> drop : dropsByPoint.entrySet()) {
            add.setInt(1, drop.getKey());
            add.setLong(2, drop.getValue());
            add.addBatch();
        }
        try {
            add.executeBatch();
        } finally {
            add.clearBatch();
        }
    }

    @Override
    public void close() throws SQLException {
        add.close();
    }
}
