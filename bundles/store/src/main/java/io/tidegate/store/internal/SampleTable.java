package io.tidegate.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The SQL of one queue table ({@code sample} for telemetry, {@code priority_sample} for the
 * priority lane; both have the same columns) and of the id sequence the two share, as prepared
 * statements. Knows nothing of transactions, in-flight state or the body format: the store
 * composes these.
 */
final class SampleTable implements AutoCloseable {

    /** One queue row as stored. */
    record Row(long id, int point, byte[] body) {
    }

    private final PreparedStatement insert;
    private final PreparedStatement saveLastId;
    private final PreparedStatement selectAfter;
    private final PreparedStatement selectBetween;
    private final PreparedStatement selectById;
    private final PreparedStatement delete;

    /** The telemetry table. */
    static final String TELEMETRY = "sample";
    /** The priority lane's table. */
    static final String PRIORITY = "priority_sample";

    private final String table;

    /** Statements on {@code table}, one of {@link #TELEMETRY} and {@link #PRIORITY}. */
    SampleTable(Connection connection, String table) throws SQLException {
        if (!table.equals(TELEMETRY) && !table.equals(PRIORITY)) {
            throw new IllegalArgumentException("not a queue table: " + table);
        }
        this.table = table;
        List<PreparedStatement> prepared = new ArrayList<>();
        try {
            insert = prepare(connection, prepared, "INSERT INTO " + table + "(id, point, body) VALUES (?, ?, ?)");
            saveLastId = prepare(connection, prepared, "UPDATE id_sequence SET last_id = ? WHERE name = 'sample'");
            selectAfter = prepare(connection, prepared,
                    "SELECT id, point, body FROM " + table + " WHERE id > ? ORDER BY id LIMIT ?");
            selectBetween = prepare(connection, prepared,
                    "SELECT id, point, body FROM " + table + " WHERE id > ? AND id <= ? ORDER BY id LIMIT ?");
            selectById = prepare(connection, prepared, "SELECT point, body FROM " + table + " WHERE id = ?");
            delete = prepare(connection, prepared, "DELETE FROM " + table + " WHERE id = ?");
        } catch (SQLException e) {
            prepared.forEach(p -> SqliteConnections.closeQuietly(p, e));
            throw e;
        }
    }

    private static PreparedStatement prepare(Connection connection, List<PreparedStatement> prepared, String sql)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        prepared.add(statement);
        return statement;
    }

    /** The highest id ever issued: the largest of the saved sequence and the rows present in either table. */
    static long lastIssuedId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long saved = SqliteConnections.queryLong(statement,
                    "SELECT last_id FROM id_sequence WHERE name = 'sample'");
            long telemetry = SqliteConnections.queryLong(statement, "SELECT coalesce(max(id), 0) FROM " + TELEMETRY);
            long priority = SqliteConnections.queryLong(statement, "SELECT coalesce(max(id), 0) FROM " + PRIORITY);
            return Math.max(saved, Math.max(telemetry, priority));
        }
    }

    /**
     * The highest id below every row of this table: its oldest id minus one, or
     * {@code lastIssuedId} when the table is empty. Called once at open.
     */
    long goneUpTo(Connection connection, long lastIssuedId) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long oldest = SqliteConnections.queryLong(statement, "SELECT coalesce(min(id), 0) FROM " + table);
            return oldest == 0 ? lastIssuedId : oldest - 1;
        }
    }

    /** Rows on disk; called once at open, the store counts from there. */
    long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return SqliteConnections.queryLong(statement, "SELECT count(*) FROM " + table);
        }
    }

    /** Queues one row of the insert batch; {@link #flushInserts} executes it. */
    void addInsert(long id, int point, byte[] body) throws SQLException {
        insert.setLong(1, id);
        insert.setInt(2, point);
        insert.setBytes(3, body);
        insert.addBatch();
    }

    void flushInserts() throws SQLException {
        try {
            insert.executeBatch();
        } finally {
            insert.clearBatch();
        }
    }

    void saveLastIssuedId(long lastId) throws SQLException {
        saveLastId.setLong(1, lastId);
        saveLastId.executeUpdate();
    }

    /** Up to {@code limit} rows with ids above {@code afterId}, in id order. */
    List<Row> readAfter(long afterId, int limit) throws SQLException {
        selectAfter.setLong(1, afterId);
        selectAfter.setInt(2, limit);
        List<Row> rows = new ArrayList<>(Math.min(limit, 1024));
        try (ResultSet rs = selectAfter.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getInt(2), rs.getBytes(3)));
            }
        }
        return rows;
    }

    /** Up to {@code limit} rows with ids above {@code afterId} and at most {@code upTo}, in id order. */
    List<Row> readBetween(long afterId, long upTo, int limit) throws SQLException {
        selectBetween.setLong(1, afterId);
        selectBetween.setLong(2, upTo);
        selectBetween.setInt(3, limit);
        List<Row> rows = new ArrayList<>(Math.min(limit, 1024));
        try (ResultSet rs = selectBetween.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getInt(2), rs.getBytes(3)));
            }
        }
        return rows;
    }

    /** The row with this id, or null if there is none. */
    Row readById(long id) throws SQLException {
        selectById.setLong(1, id);
        try (ResultSet rs = selectById.executeQuery()) {
            return rs.next() ? new Row(id, rs.getInt(1), rs.getBytes(2)) : null;
        }
    }

    /** Deletes the rows with these ids; returns how many existed. */
    int delete(Collection<Long> ids) throws SQLException {
        for (long id : ids) {
            delete.setLong(1, id);
            delete.addBatch();
        }
        try {
            int deleted = 0;
            for (int count : delete.executeBatch()) {
                deleted += Math.max(count, 0);
            }
            return deleted;
        } finally {
            delete.clearBatch();
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (PreparedStatement statement : List.of(insert, saveLastId, selectAfter, selectBetween, selectById, delete)) {
            try {
                statement.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
