package io.tidegate.engine.internal;

import io.tidegate.api.Commissioning;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The audit: one row per command decision and per device outcome (table {@code command_audit}) and
 * one per configuration change from the console ({@code config_audit}), appended to its own
 * SQLite file (apart from the sample queue, whose rows are deleted once forwarded) and committed
 * with a full sync before {@link #append} returns. Nothing in Tidegate updates or deletes a row.
 */
final class AuditLog implements AutoCloseable {
    /** One audited event. */
    record Entry(long time, String origin, String deviceId, String pointId, String value, String outcome,
                 String reason) {
    }

    private final Path file;
    private final Connection connection;
    /** One configuration change: applied, confirmed or reverted, by whom. */
    record ConfigEntry(long time, String who, String change, String outcome, String reason) {
    }

    private final PreparedStatement insert;
    private final PreparedStatement insertConfig;

    private AuditLog(Path file, Connection connection) throws SQLException {
        this.file = file;
        this.connection = connection;
        this.insert = connection.prepareStatement("INSERT INTO command_audit "
                + "(time, origin, device, point, value, outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?)");
        this.insertConfig = connection.prepareStatement("INSERT INTO config_audit "
                + "(time, who, change, outcome, reason) VALUES (?, ?, ?, ?, ?)");
    }

    static AuditLog open(Path file) throws IOException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            SQLiteConfig config = new SQLiteConfig();
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setBusyTimeout(5000);
            // Instantiated directly, not through DriverManager, which cannot see drivers across bundles.
            SQLiteDataSource dataSource = new SQLiteDataSource(config);
            dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
            Connection connection = dataSource.getConnection();
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS command_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "time INTEGER NOT NULL, origin TEXT NOT NULL, device TEXT NOT NULL, point TEXT NOT NULL, "
                        + "value TEXT, outcome TEXT NOT NULL, reason TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS config_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "time INTEGER NOT NULL, who TEXT NOT NULL, change TEXT NOT NULL, outcome TEXT NOT NULL, "
                        + "reason TEXT NOT NULL)");
            }
            return new AuditLog(file, connection);
        } catch (SQLException e) {
            throw new IOException("cannot open the command audit " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one entry and returns once it is on disk. */
    synchronized void append(Entry entry) throws IOException {
        try {
            insert.setLong(1, entry.time());
            insert.setString(2, entry.origin());
            insert.setString(3, entry.deviceId());
            insert.setString(4, entry.pointId());
            insert.setString(5, entry.value());
            insert.setString(6, entry.outcome());
            insert.setString(7, entry.reason());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot write to the command audit " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one configuration change and returns once it is on disk. */
    synchronized void append(ConfigEntry entry) throws IOException {
        try {
            insertConfig.setLong(1, entry.time());
            insertConfig.setString(2, entry.who());
            insertConfig.setString(3, entry.change());
            insertConfig.setString(4, entry.outcome());
            insertConfig.setString(5, entry.reason());
            insertConfig.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("cannot write to the audit " + file + ": " + e.getMessage(), e);
        }
    }

    /** The newest command and configuration entries together, newest first, at most {@code limit}. */
    synchronized List<Commissioning.AuditRecord> recent(int limit) throws IOException {
        List<Commissioning.AuditRecord> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT 'write', time, origin, device, point, value, outcome, reason, id FROM command_audit "
                        + "UNION ALL SELECT 'config', time, who, '', change, NULL, outcome, reason, id FROM config_audit "
                        + "ORDER BY 2 DESC, 9 DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    boolean write = rs.getString(1).equals("write");
                    // a write names its point and the value asked for; a config change says what it changed
                    String what = write ? rs.getString(5) + " := " + rs.getString(6) : rs.getString(5);
                    out.add(new Commissioning.AuditRecord(rs.getLong(2), write ? "write" : "config",
                            rs.getString(3), what, rs.getString(7), rs.getString(8)));
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the audit " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Every entry, oldest first: for tests and the console. */
    synchronized List<Entry> entries() throws IOException {
        return read(connection);
    }

    /** Reads an audit file from outside the gateway (tests, support tools). */
    static List<Entry> read(Path file) throws IOException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        try (Connection c = dataSource.getConnection()) {
            return read(c);
        } catch (SQLException e) {
            throw new IOException("cannot read the command audit " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Entry> read(Connection c) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT time, origin, device, point, value, outcome, reason "
                     + "FROM command_audit ORDER BY id")) {
            while (rs.next()) {
                entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)));
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the command audit: " + e.getMessage(), e);
        }
        return entries;
    }

    @Override
    public synchronized void close() {
        try {
            insert.close();
            insertConfig.close();
            connection.close();
        } catch (SQLException ignored) {
            // closing; nothing left to lose, every append was committed
        }
    }
}
