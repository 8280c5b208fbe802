package io.tidegate.driver.opcua.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;

/**
 * A point's address on an OPC UA server, as written in the site profile (docs/opcua.md):
 * <ul>
 *   <li>a NodeId: {@code ns=2;s=Line1.Speed}, {@code i=2258}, {@code ns=3;i=1001}, {@code ns=2;g=...},
 *       {@code ns=2;b=...}, or with the namespace URI, which survives a server renumbering its
 *       namespaces: {@code nsu=urn:plc1:line;s=Speed};</li>
 *   <li>a browse path from the Objects folder: {@code /2:Plant/2:Line1/2:Speed} (each step is
 *       {@code namespaceIndex:BrowseName}, the index defaulting to 0);</li>
 *   <li>either, preceded by {@code index=N;}, to read one element of an array node.</li>
 * </ul>
 * The engine checks the same grammar when it loads the profile (OpcUaAddressSyntax), so a point
 * with a bad address is reported with its file, line and column before anything starts.
 *
 * @param text        the address as written
 * @param nodeId      the NodeId form, or null for a browse path; an nsu= form is resolved at connect
 * @param browsePath  the browse path's names, or empty
 * @param arrayIndex  the array element to read, or -1 for the whole value
 */
public record NodeAddress(String text, ExpandedNodeId nodeId, List<QualifiedName> browsePath, int arrayIndex) {
    private static final Pattern INDEX = Pattern.compile("^index=(\\d{1,9});");
    private static final Pattern NODE_ID = Pattern.compile("^(?:(?:ns=\\d{1,5}|nsu=[^;]+);)?[isgb]=.+$",
            Pattern.DOTALL);
    private static final Pattern STEP = Pattern.compile("^(?:(\\d{1,5}):)?(.+)$", Pattern.DOTALL);

    /**
     * Parses an address.
     *
     * @throws IllegalArgumentException saying what is wrong and which forms are allowed
     */
    public static NodeAddress parse(String text) {
        String rest = text == null ? "" : text.trim();
        int index = -1;
        Matcher m = INDEX.matcher(rest);
        if (m.find()) {
            index = Integer.parseInt(m.group(1));
            rest = rest.substring(m.end());
        }
        if (rest.startsWith("/")) {
            return new NodeAddress(text, null, browsePath(text, rest), index);
        }
        if (!NODE_ID.matcher(rest).matches()) {
            throw new IllegalArgumentException(problem(text));
        }
        ExpandedNodeId id;
        try {
            id = ExpandedNodeId.parse(rest);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(problem(text) + " (" + e.getMessage() + ")");
        }
        if (id == null) {
            throw new IllegalArgumentException(problem(text));
        }
        return new NodeAddress(text, id, List.of(), index);
    }

    private static List<QualifiedName> browsePath(String text, String path) {
        List<QualifiedName> names = new ArrayList<>();
        for (String step : path.substring(1).split("/", -1)) {
            if (step.isBlank()) {
                throw new IllegalArgumentException("browse path '" + text + "' has an empty step; write "
                        + "/2:Plant/2:Line1/2:Speed");
            }
            Matcher m = STEP.matcher(step);
            if (!m.matches()) {
                throw new IllegalArgumentException(problem(text));
            }
            int ns = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
            if (ns > 65535) {
                throw new IllegalArgumentException("browse path '" + text + "': namespace index " + ns
                        + " is above 65535");
            }
            names.add(new QualifiedName(ns, m.group(2)));
        }
        return List.copyOf(names);
    }

    static String problem(String text) {
        return "'" + text + "' is not an OPC UA address; write a NodeId (ns=2;s=Line1.Speed, i=2258, "
                + "nsu=urn:plc:line;s=Speed) or a browse path from Objects (/2:Plant/2:Speed), optionally "
                + "preceded by index=N; for one array element";
    }

    /** True for the browse path form, which is resolved to a NodeId on the server at connect. */
    public boolean isBrowsePath() {
        return nodeId == null;
    }

    /** The NodeId when it needs no server lookup (not an nsu= form, not a browse path), else null. */
    public NodeId localNodeId() {
        return nodeId != null && nodeId.isRelative() ? nodeId.toNodeId(null).orElse(null) : null;
    }
}
