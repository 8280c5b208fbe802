package io.tidegate.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns point names as small integers (table {@code point}), with both directions cached in
 * memory: a gateway has thousands of points at most, and every append and every read needs them.
 *
 * <p>New points are inserted inside the caller's append transaction. Until the caller reports the
 * outcome ({@link #committed()} or {@link #rolledBack()}) they are provisional, so a rolled-back
 * append cannot leave the cache pointing at a row that does not exist.
 */
final class PointDictionary implements AutoCloseable {
    private final Map<String, Integer> idsByName = new HashMap<>();
    private final Map<Integer, String> namesById = new HashMap<>();
    private final List<String> provisional = new ArrayList<>();
    private final PreparedStatement insert;
    private int lastId;

    PointDictionary(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, name FROM point")) {
            while (rs.next()) {
                int id = rs.getInt(1);
                String name = rs.getString(2);
                idsByName.put(name, id);
                namesById.put(id, name);
                lastId = Math.max(lastId, id);
            }
        }
        insert = connection.prepareStatement("INSERT INTO point(id, name) VALUES (?, ?)");
    }

    /** The id of the point, inserting it (provisionally) if it is new. Call inside a transaction. */
    int idOf(String name) throws SQLException {
        Integer id = idsByName.get(name);
        if (id != null) {
            return id;
        }
        int newId = lastId + 1;
        insert.setInt(1, newId);
        insert.setString(2, name);
        insert.executeUpdate();
        lastId = newId;
        idsByName.put(name, newId);
        namesById.put(newId, name);
        provisional.add(name);
        return newId;
    }

    /** The name of an interned point, or null if no such point exists. */
    String nameOf(int id) {
        return namesById.get(id);
    }

    /** The transaction that inserted the provisional points committed: they are real now. */
    void committed() {
        provisional.clear();
    }

    /** The transaction rolled back: forget the points it inserted. */
    void rolledBack() {
        for (String name : provisional) {
            namesById.remove(idsByName.remove(name));
        }
        provisional.clear();
        lastId = namesById.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    @Override
    public void close() throws SQLException {
        insert.close();
    }
}
