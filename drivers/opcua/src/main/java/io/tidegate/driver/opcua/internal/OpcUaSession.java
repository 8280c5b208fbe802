package io.tidegate.driver.opcua.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceSession;
import io.tidegate.api.DriverException;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Quality.Reason;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.BuiltinDataType;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;

/**
 * A session with one OPC UA server. Connects on open; Milo's client then keeps the connection
 * alive and reconnects by itself. Polling reads go through {@link #read}; with {@code mode:
 * subscribe} (the default) the engine calls {@link #subscribe} once and the server pushes changes.
 */
final class OpcUaSession implements DeviceSession {
    private static final Logger LOG = System.getLogger(OpcUaSession.class.getName());

    private final Device device;
    private final OpcUaSettings settings;
    private final OpcUaClient client;
    private final long timeout;
    /** Resolved nodes by point id; dropped when the server restarts (its namespaces may move). */
    private final Map<String, NodeResolver.Resolved> resolved = new ConcurrentHashMap<>();
    private final Map<NodeId, BuiltinDataType> writeTypes = new ConcurrentHashMap<>();
    private volatile SubscriptionFeed feed;

    OpcUaSession(Device device, OpcUaSettings settings, GatewayPki pki) throws DriverException {
        this.device = device;
        this.settings = settings;
        this.timeout = settings.requestTimeout().toMillis();
        this.client = Connector.connect(device.id(), settings, pki);
        LOG.log(Level.INFO, "OPC UA device {0}: connected to {1} ({2}/{3}, identity {4})", device.id(),
                settings.endpointUrl(), settings.securityPolicy(), settings.securityMode(), settings.identity());
    }

    OpcUaClient client() {
        return client;
    }

    @Override
    public boolean canSubscribe() {
        return settings.subscribe();
    }

    @Override
    public List<Sample> read(List<Point> points) throws DriverException {
        List<NodeResolver.Resolved> nodes = resolve(points);
        List<ReadValueId> ids = new ArrayList<>();
        for (NodeResolver.Resolved r : nodes) {
            if (r.nodeId() != null) {
                ids.add(new ReadValueId(r.nodeId(), AttributeId.Value.uid(), r.indexRange(), null));
            }
        }
        DataValue[] values = new DataValue[0];
        if (!ids.isEmpty()) {
            try {
                ReadResponse response = client.read(0.0, TimestampsToReturn.Both, ids)
                        .get(timeout, TimeUnit.MILLISECONDS);
                values = response.getResults();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new DriverException(Reason.COMM_FAILURE, Connector.prefix(device.id()) + "read failed: "
                        + Connector.cause(e), e);
            }
        }
        long now = System.currentTimeMillis();
        List<Sample> samples = new ArrayList<>(points.size());
        int v = 0;
        for (NodeResolver.Resolved r : nodes) {
            if (r.nodeId() == null) {
                samples.add(Sample.bad(r.point().id(), Quality.bad(Reason.CONFIG_ERROR, r.problem()), now));
            } else {
                samples.add(Values.toSample(r.point(), values[v++], now));
            }
        }
        return samples;
    }

    @Override
    public void write(Point point, Value raw) throws DriverException {
        NodeResolver.Resolved r = resolve(List.of(point)).get(0);
        if (r.nodeId() == null) {
            throw new DriverException(Reason.CONFIG_ERROR, Connector.prefix(device.id()) + r.problem());
        }
        BuiltinDataType type = writeType(r.nodeId());
        Variant variant;
        try {
            variant = Values.toVariant(raw, type);
        } catch (IllegalArgumentException e) {
            throw new DriverException(Reason.OUT_OF_RANGE, Connector.prefix(device.id()) + "cannot write " + raw
                    + " to " + point.id() + " (" + point.address() + "): " + e.getMessage());
        }
        StatusCode status;
        try {
            // No timestamps: many servers refuse a write that sets them.
            WriteResponse response = client.write(List.of(new WriteValue(r.nodeId(), AttributeId.Value.uid(),
                    r.indexRange(), new DataValue(variant, null, null)))).get(timeout, TimeUnit.MILLISECONDS);
            status = response.getResults()[0];
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new DriverException(Reason.COMM_FAILURE, Connector.prefix(device.id()) + "write to " + point.id()
                    + " failed: " + Connector.cause(e), e);
        }
        if (!status.isGood()) {
            throw new DriverException(Values.reasonOf(status), Connector.prefix(device.id()) + "the server refused "
                    + "the write of " + raw + " to " + point.id() + ": " + Values.statusName(status));
        }
    }

    /** The built-in type of the node's DataType attribute; for a subtype (UtcTime, an enumeration), its value's. */
    private BuiltinDataType writeType(NodeId nodeId) throws DriverException {
        BuiltinDataType known = writeTypes.get(nodeId);
        if (known != null) {
            return known;
        }
        DataValue[] results;
        try {
            results = client.read(0.0, TimestampsToReturn.Neither, List.of(
                    new ReadValueId(nodeId, AttributeId.DataType.uid(), null, null),
                    new ReadValueId(nodeId, AttributeId.Value.uid(), null, null)))
                    .get(timeout, TimeUnit.MILLISECONDS).getResults();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new DriverException(Reason.COMM_FAILURE, Connector.prefix(device.id()) + "reading the DataType of "
                    + nodeId.toParseableString() + " failed: " + Connector.cause(e), e);
        }
        BuiltinDataType type = null;
        if (results[0].getStatusCode().isGood() && results[0].getValue().getValue() instanceof NodeId dataType) {
            type = BuiltinDataType.isBuiltin(dataType) ? BuiltinDataType.fromNodeId(dataType) : null;
        }
        if (type == null) {
            type = Values.builtinOf(results[1].getValue().getValue());
        }
        if (type == null) {
            throw new DriverException(Reason.CONFIG_ERROR, Connector.prefix(device.id()) + "cannot tell the data type "
                    + "of " + nodeId.toParseableString() + " (" + Values.statusName(results[0].getStatusCode()) + ")");
        }
        writeTypes.put(nodeId, type);
        return type;
    }

    @Override
    public AutoCloseable subscribe(List<Point> points, Consumer<List<Sample>> sink) throws DriverException {
        if (!settings.subscribe()) {
            throw new DriverException(Reason.CONFIG_ERROR, Connector.prefix(device.id()) + "mode is poll");
        }
        SubscriptionFeed created = new SubscriptionFeed(device.id(), client, settings, points, sink,
                () -> resolved.clear());
        created.start();
        feed = created;
        return created;
    }

    /** Resolves addresses once per connection; unresolvable ones are tried again on every call. */
    List<NodeResolver.Resolved> resolve(List<Point> points) throws DriverException {
        List<Point> missing = new ArrayList<>();
        for (Point p : points) {
            NodeResolver.Resolved r = resolved.get(p.id());
            if (r == null || r.nodeId() == null) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            for (NodeResolver.Resolved r : NodeResolver.resolve(client, missing, timeout)) {
                resolved.put(r.point().id(), r);
            }
        }
        List<NodeResolver.Resolved> out = new ArrayList<>(points.size());
        for (Point p : points) {
            out.add(resolved.get(p.id()));
        }
        return out;
    }

    @Override
    public void close() {
        SubscriptionFeed f = feed;
        if (f != null) {
            f.close();
        }
        try {
            client.disconnect().get(timeout, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.DEBUG, "OPC UA device {0}: disconnect: {1}", device.id(), e.toString());
        }
    }
}
