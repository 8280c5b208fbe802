package io.tidegate.engine.profile;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML mapping of the profile schema, read from SnakeYAML's node tree. Creating one reports
 * unknown keys (with a suggestion) and duplicate keys; the accessors report values of the wrong
 * shape and missing required keys, each once, at the line where the installer has to look.
 */
final class YamlMap {
    private final Problems problems;
    private final Path file;
    private final String path;
    private final Node anchor;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    /** Required keys an unknown key already pointed at ("did you mean"), so that one typo gives one error. */
    private final Set<String> suggested = new HashSet<>();

    private YamlMap(Problems problems, Path file, String path, Node anchor) {
        this.problems = problems;
        this.file = file;
        this.path = path;
        this.anchor = anchor;
    }

    /**
     * Reads a mapping.
     *
     * @param node      the mapping node; a YAML null gives an empty mapping
     * @param path      its YAML path, e.g. {@code devices[0]}; empty for the document root
     * @param anchor    where a missing key is reported: the key that owns this mapping, or the list item
     * @param allowed   the keys it may hold
     * @param forbidden keys refused with a specific message (e.g. {@code password})
     * @return the mapping, or null when the node is not a mapping (reported)
     */
    static YamlMap of(Problems problems, Path file, Node node, String path, Node anchor, List<String> allowed,
                      Map<String, String> forbidden) {
        YamlMap map = new YamlMap(problems, file, path, anchor);
        if (isNull(node)) {
            return map;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(map.at(node, path), "expected keys and values (a mapping), found " + describe(node));
            return null;
        }
        for (NodeTuple t : mapping.getValue()) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problems.add(map.at(keyNode, path), "a key must be a plain name, found " + describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            String field = map.field(key);
            NodeTuple first = map.entries.get(key);
            if (first != null) {
                problems.add(map.at(keyNode, field), "duplicate key '" + key + "': it is already given at line "
                        + line(first.getKeyNode()) + "; give each key once");
                continue;
            }
            if (forbidden.containsKey(key.toLowerCase())) {
                problems.add(map.at(keyNode, field), forbidden.get(key.toLowerCase()));
                map.entries.put(key, null);
                continue;
            }
            if (!allowed.contains(key)) {
                String hint = Checks.closest(key, allowed);
                problems.add(map.at(keyNode, field), "unknown key '" + key + "'"
                        + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                        + "; allowed here: " + String.join(", ", allowed));
                if (hint != null) {
                    map.suggested.add(hint);
                }
                map.entries.put(key, null);
                continue;
            }
            map.entries.put(key, t);
        }
        return map;
    }

    /** The YAML path of a key in this mapping. */
    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    String path() {
        return path;
    }

    Node anchor() {
        return anchor;
    }

    /** True when the key is present, whatever its value (even null, even refused). */
    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** True when the key is absent and an unknown key already suggested it (the typo was reported). */
    boolean explained(String key) {
        return !has(key) && suggested.contains(key);
    }

    /** The value node, or null when the key is absent, refused, or its value is a YAML null. */
    Node node(String key) {
        NodeTuple t = entries.get(key);
        return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    Node keyNode(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getKeyNode();
    }

    /** Where the value of a key is; or where the key is; or where the mapping is. */
    Where where(String key) {
        NodeTuple t = entries.get(key);
        if (t == null) {
            return at(anchor, field(key));
        }
        return at(isNull(t.getValueNode()) ? t.getKeyNode() : t.getValueNode(), field(key));
    }

    /** The text of a single value, or null when absent, null, or not a single value (reported). */
    String text(String key) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        problems.add(where(key), "expected a single value, found " + describe(n));
        return null;
    }

    /** Like {@link #text} but reports a missing or empty value, unless a typo already explained it. */
    String required(String key, String what) {
        if (!entries.containsKey(key)) {
            if (!suggested.contains(key)) {
                problems.add(at(anchor, field(key)), "required, but missing: " + what);
            }
            return null;
        }
        NodeTuple t = entries.get(key);
        if (t == null) {
            return null; // refused key, reported
        }
        String text = text(key);
        if (text == null && node(key) == null) {
            problems.add(where(key), "required, but empty: " + what);
            return null;
        }
        if (text != null && text.isBlank()) {
            problems.add(where(key), "required, but blank: " + what);
            return null;
        }
        return text;
    }

    /** A child sequence, or null when absent or null; reports a value that is not a list. */
    SequenceNode sequence(String key) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof SequenceNode s) {
            return s;
        }
        problems.add(where(key), "expected a list (items starting with '- '), found " + describe(n));
        return null;
    }

    /** Where a node is. */
    Where at(Node node, String field) {
        if (node == null) {
            return new Where(file, 0, 0, field);
        }
        return new Where(file, line(node), node.getStartMark().getColumn() + 1, field);
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode s) {
            return "'" + s.getValue() + "'";
        }
        return "nothing";
    }
}
