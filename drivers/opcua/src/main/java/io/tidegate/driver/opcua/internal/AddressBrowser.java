package io.tidegate.driver.opcua.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DriverException;
import io.tidegate.api.Quality.Reason;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.BuiltinDataType;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Prints a server's address tree for installers ({@code tidegate opcua browse}): each object and
 * variable under Objects with the NodeId and browse path to paste into a profile, and for
 * variables the data type (with [] for arrays) and whether it is writable.
 */
public final class AddressBrowser {
    /** The Server object holds the server's own diagnostics: hundreds of nodes nobody wires to a point. */
    private static final NodeId SERVER_OBJECT = Identifiers.Server;

    private final OpcUaClient client;
    private final PrintStream out;
    private final int maxDepth;
    private final boolean includeServer;
    private final long timeout;
    private int printed;

    AddressBrowser(OpcUaClient client, PrintStream out, int maxDepth, boolean includeServer, long timeout) {
        this.client = client;
        this.out = out;
        this.maxDepth = maxDepth;
        this.includeServer = includeServer;
        this.timeout = timeout;
    }

    /**
     * Connects as the device's settings say (with the gateway's certificate and trust list) and
     * prints the tree under Objects.
     *
     * @return how many nodes were printed
     */
    public static int browse(Device server, GatewayPki pki, int maxDepth, boolean includeServer, PrintStream out)
            throws DriverException {
        OpcUaSettings settings = OpcUaSettings.of(server);
        OpcUaClient client = Connector.connect(server.id(), settings, pki);
        try {
            AddressBrowser browser = new AddressBrowser(client, out, maxDepth, includeServer,
                    settings.requestTimeout().toMillis());
            out.println("Objects  i=85  /");
            browser.children(Identifiers.ObjectsFolder, "", 1);
            return browser.printed;
        } finally {
            try {
                client.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the output is complete; a failed goodbye changes nothing
            }
        }
    }

    private void children(NodeId parent, String parentPath, int depth) throws DriverException {
        if (depth > maxDepth) {
            return;
        }
        List<ReferenceDescription> refs = browseAll(parent);
        List<ReferenceDescription> variables = new ArrayList<>();
        for (ReferenceDescription ref : refs) {
            if (ref.getNodeClass() == NodeClass.Variable) {
                variables.add(ref);
            }
        }
        List<String> types = describeVariables(variables);
        int v = 0;
        for (ReferenceDescription ref : refs) {
            NodeId id = ref.getNodeId().toNodeId(client.getNamespaceTable()).orElse(null);
            if (id == null || (!includeServer && id.equals(SERVER_OBJECT))) {
                if (ref.getNodeClass() == NodeClass.Variable) {
                    v++;
                }
                continue;
            }
            QualifiedName name = ref.getBrowseName();
            String path = parentPath + "/" + (name.getNamespaceIndex().intValue() == 0 ? "" : name.getNamespaceIndex()
                    + ":") + name.getName();
            String indent = "  ".repeat(depth);
            if (ref.getNodeClass() == NodeClass.Variable) {
                out.printf("%s%s  %s  %s  %s%n", indent, name.getName(), id.toParseableString(), types.get(v++), path);
                printed++;
                // Variables can have children (properties such as EURange); show them one level down.
                if (depth < maxDepth) {
                    children(id, path, depth + 1);
                }
            } else if (ref.getNodeClass() == NodeClass.Object) {
                out.printf("%s%s  %s  %s%n", indent, name.getName(), id.toParseableString(), path);
                printed++;
                children(id, path, depth + 1);
            }
        }
    }

    List<ReferenceDescription> browseAll(NodeId node) throws DriverException {
        BrowseDescription description = new BrowseDescription(node, BrowseDirection.Forward,
                Identifiers.HierarchicalReferences, true,
                uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()), uint(BrowseResultMask.All.getValue()));
        try {
            BrowseResult result = client.browse(description).get(timeout, TimeUnit.MILLISECONDS);
            List<ReferenceDescription> refs = new ArrayList<>();
            while (true) {
                if (result.getReferences() != null) {
                    refs.addAll(List.of(result.getReferences()));
                }
                if (result.getContinuationPoint() == null || result.getContinuationPoint().isNull()) {
                    return refs;
                }
                result = client.browseNext(false, result.getContinuationPoint()).get(timeout, TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new DriverException(Reason.COMM_FAILURE, "browsing " + node.toParseableString() + " failed: "
                    + Connector.cause(e), e);
        }
    }

    /** "Double", "Int16[] rw", "ns=2;i=3003 rw": data type, array, writable. */
    List<String> describeVariables(List<ReferenceDescription> variables) throws DriverException {
        List<ReadValueId> reads = new ArrayList<>();
        for (ReferenceDescription ref : variables) {
            NodeId id = ref.getNodeId().toNodeId(client.getNamespaceTable()).orElse(NodeId.NULL_VALUE);
            reads.add(new ReadValueId(id, AttributeId.DataType.uid(), null, null));
            reads.add(new ReadValueId(id, AttributeId.ValueRank.uid(), null, null));
            reads.add(new ReadValueId(id, AttributeId.UserAccessLevel.uid(), null, null));
        }
        List<String> out = new ArrayList<>();
        if (reads.isEmpty()) {
            return out;
        }
        DataValue[] values;
        try {
            values = client.read(0.0, TimestampsToReturn.Neither, reads).get(timeout, TimeUnit.MILLISECONDS)
                    .getResults();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new DriverException(Reason.COMM_FAILURE, "reading data types failed: " + Connector.cause(e), e);
        }
        for (int i = 0; i < variables.size(); i++) {
            Object dataType = values[3 * i].getValue().getValue();
            Object rank = values[3 * i + 1].getValue().getValue();
            Object access = values[3 * i + 2].getValue().getValue();
            String type = dataType instanceof NodeId t ? typeName(t) : "?";
            if (rank instanceof Integer r && r >= 1) {
                type += "[]";
            }
            if (access instanceof Number a && (a.intValue() & 0x02) != 0) {
                type += " rw";
            }
            out.add(type);
        }
        return out;
    }

    private static String typeName(NodeId dataType) {
        if (BuiltinDataType.isBuiltin(dataType)) {
            return BuiltinDataType.fromNodeId(dataType).name();
        }
        return dataType.toParseableString();
    }
}
