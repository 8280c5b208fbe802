package io.tidegate.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.sqlite.SQLiteDataSource;

/** A second connection to a store's file, the way an installer's sqlite3 shell would look at it. */
final class SeparateConnection {
    private SeparateConnection() {
    }

    static Connection open(Path file) throws SQLException {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return dataSource.getConnection();
    }

    static String queryString(Path file, String sql) throws SQLException {
        try (Connection connection = open(file);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static long queryLong(Path file, String sql) throws SQLException {
        return Long.parseLong(queryString(file, sql));
    }

    static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = open(file); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
