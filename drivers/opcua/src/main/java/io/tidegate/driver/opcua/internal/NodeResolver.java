package io.tidegate.driver.opcua.internal;

import io.tidegate.api.DriverException;
import io.tidegate.api.Point;
import io.tidegate.api.Quality.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathResult;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePath;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePathElement;
import org.eclipse.milo.opcua.stack.core.types.structured.TranslateBrowsePathsToNodeIdsResponse;

/**
 * Turns point addresses into the NodeIds of one connected server: NodeIds with a namespace index
 * as they are, {@code nsu=} forms through the server's namespace table, browse paths through one
 * TranslateBrowsePathsToNodeIds call. A point whose address does not resolve gets a reason instead
 * of a NodeId, so the others still work.
 */
final class NodeResolver {

    /** A point's node on the server, or why it has none. */
    record Resolved(Point point, NodeAddress address, NodeId nodeId, String problem) {
        String indexRange() {
            return address == null || address.arrayIndex() < 0 ? null : Integer.toString(address.arrayIndex());
        }
    }

    private NodeResolver() {
    }

    static List<Resolved> resolve(OpcUaClient client, List<Point> points, long timeoutMillis) throws DriverException {
        List<Resolved> out = new ArrayList<>(points.size());
        List<Integer> pathPositions = new ArrayList<>();
        List<BrowsePath> paths = new ArrayList<>();
        for (Point point : points) {
            NodeAddress address;
            try {
                address = NodeAddress.parse(point.address());
            } catch (IllegalArgumentException e) {
                out.add(new Resolved(point, null, null, e.getMessage()));
                continue;
            }
            if (address.isBrowsePath()) {
                pathPositions.add(out.size());
                paths.add(new BrowsePath(Identifiers.ObjectsFolder, relativePath(address.browsePath())));
                out.add(new Resolved(point, address, null, "browse path not resolved yet"));
            } else {
                NodeId id = address.nodeId().toNodeId(client.getNamespaceTable()).orElse(null);
                out.add(id != null ? new Resolved(point, address, id, null)
                        : new Resolved(point, address, null, "namespace '" + address.nodeId().getNamespaceUri()
                                + "' of " + point.address() + " is not in the server's namespace table"));
            }
        }
        if (!paths.isEmpty()) {
            TranslateBrowsePathsToNodeIdsResponse response;
            try {
                response = client.translateBrowsePaths(paths).get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new DriverException(Reason.COMM_FAILURE, "browse paths could not be resolved: "
                        + Connector.cause(e), e);
            }
            BrowsePathResult[] results = response.getResults();
            for (int i = 0; i < pathPositions.size(); i++) {
                int at = pathPositions.get(i);
                Resolved pending = out.get(at);
                BrowsePathResult result = results[i];
                StatusCode status = result.getStatusCode();
                if (status.isGood() && result.getTargets() != null && result.getTargets().length > 0) {
                    NodeId id = result.getTargets()[0].getTargetId().toNodeId(client.getNamespaceTable()).orElse(null);
                    if (id != null) {
                        out.set(at, new Resolved(pending.point(), pending.address(), id, null));
                        continue;
                    }
                }
                out.set(at, new Resolved(pending.point(), pending.address(), null, "browse path "
                        + pending.point().address() + " does not lead to a node: " + Values.statusName(status)));
            }
        }
        return out;
    }

    private static RelativePath relativePath(List<QualifiedName> names) {
        RelativePathElement[] elements = new RelativePathElement[names.size()];
        for (int i = 0; i < names.size(); i++) {
            elements[i] = new RelativePathElement(Identifiers.HierarchicalReferences, false, true, names.get(i));
        }
        return new RelativePath(elements);
    }

    static Map<String, Resolved> byPointId(List<Resolved> resolved) {
        Map<String, Resolved> map = new HashMap<>();
        resolved.forEach(r -> map.put(r.point().id(), r));
        return map;
    }
}
