package io.tidegate.bench;

import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The baseline to beat: a store-and-forward message store the way Eclipse Kura's SQLite
 * DataStore works. One message per INSERT, each in its own (autocommit) transaction, preceded by a
 * {@code SELECT COUNT(*)} capacity check; WAL, synchronous=FULL; calls serialized on one
 * connection. Plain JDBC, for the benchmark only.
 */
final class KuraStyleBaseline implements AutoCloseable {
    private static final long CAPACITY = 10_000_000;

    private final Connection connection;
    private final PreparedStatement count;
    private final PreparedStatement insert;

    KuraStyleBaseline(Path file) throws SQLException {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = FULL");
            statement.execute("CREATE TABLE IF NOT EXISTS ds_messages ("
                    + "id INTEGER PRIMARY KEY AUTOINCREMENT, topic VARCHAR(32767) NOT NULL, qos INTEGER NOT NULL,"
                    + " retain BOOLEAN NOT NULL, createdOn INTEGER NOT NULL, publishedOn INTEGER,"
                    + " publishedMessageId INTEGER, confirmedOn INTEGER, smtPayload BLOB, priority INTEGER,"
                    + " sessionId VARCHAR(32767), droppedOn INTEGER)");
            statement.execute("CREATE INDEX IF NOT EXISTS ds_messages_nextmsg ON ds_messages"
                    + " (publishedOn, priority, createdOn, qos)");
        }
        count = connection.prepareStatement("SELECT COUNT(*) FROM ds_messages");
        insert = connection.prepareStatement("INSERT INTO ds_messages"
                + " (topic, qos, retain, createdOn, smtPayload, priority) VALUES (?, ?, ?, ?, ?, ?)");
    }

    /** Stores one message; returns once its transaction is committed. */
    synchronized void store(String topic, byte[] payload, long createdOn) throws SQLException {
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            if (rs.getLong(1) >= CAPACITY) {
                throw new SQLException("store full");
            }
        }
        insert.setString(1, topic);
        insert.setInt(2, 1);
        insert.setBoolean(3, false);
        insert.setLong(4, createdOn);
        insert.setBytes(5, payload);
        insert.setInt(6, 4);
        insert.executeUpdate();
    }

    /** Checkpoints the WAL into the database file, so file sizes compare. */
    void checkpoint() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    @Override
    public void close() throws SQLException {
        count.close();
        insert.close();
        connection.close();
    }
}
