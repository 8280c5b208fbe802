package io.tidegate.store.internal;

import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** Opens the store's SQLite connection with the settings durability depends on. */
final class SqliteConnections {
    /** How long to wait for another process (e.g. an installer's sqlite3 shell) to let go of a lock. */
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private SqliteConnections() {
    }

    /**
     * Opens (creating if needed) the database at {@code path} in WAL mode with the given synchronous
     * setting (FULL unless configured otherwise).
     *
     * <p>The driver is instantiated directly rather than looked up through DriverManager:
     * inside OSGi, DriverManager only sees drivers visible to the caller's class loader, which is
     * unreliable across bundles; a direct reference makes bnd import {@code org.sqlite} instead.
     */
    static Connection open(Path path, SynchronousMode synchronous) throws IOException, SQLException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + path.toAbsolutePath());
        Connection connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            // Chosen when the file is created, before anything is written to it (even switching to
            // WAL writes the header); on an existing file it changes nothing. Incremental lets the
            // store give space back to the file system in small steps without stopping the queue.
            statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
            // WAL: a commit is one sequential append (+ fsync) to the -wal file, and readers
            // never block the writer. The mode is persistent in the file, but asking is cheap
            // and the answer tells us whether the file system supports it.
            String mode = queryString(statement, "PRAGMA journal_mode = WAL");
            if (!"wal".equals(mode.toLowerCase(Locale.ROOT))) {
                throw new SQLException("the database stays in journal mode " + mode + " instead of WAL");
            }
            // FULL: every commit fsyncs the WAL, so an accepted sample survives a power cut, not
            // just a crash of the process. NORMAL (opt-in) fsyncs only at checkpoints: the last
            // commits may be lost on power loss, never on a process crash, and the file never
            // corrupts. Per connection, not stored in the file.
            statement.execute("PRAGMA synchronous = " + synchronous.name());
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw e;
        }
        return connection;
    }

    /**
     * Opens an existing database read-only, with no setting changed, to look at it before the
     * store opens it for writing: a read-only connection writes nothing, not even a checkpoint
     * when it closes, so a file found corrupt is left exactly as it was found.
     */
    static Connection openReadOnly(Path path) throws SQLException {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + path.toAbsolutePath());
        dataSource.setReadOnly(true);
        Connection connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw e;
        }
        return connection;
    }

    static String queryString(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException(sql + " returned no row");
            }
            return rs.getString(1);
        }
    }

    static long queryLong(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException(sql + " returned no row");
            }
            return rs.getLong(1);
        }
    }

    static void closeQuietly(AutoCloseable closeable, Throwable primary) {
        try {
            closeable.close();
        } catch (Exception e) {
            primary.addSuppressed(e);
        }
    }
}
