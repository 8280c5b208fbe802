package io.tidegate.driver.opcua.internal;

import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.api.DataItem;
import org.eclipse.milo.opcua.sdk.server.api.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.api.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.api.config.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.server.EndpointConfiguration;
import org.eclipse.milo.opcua.stack.server.security.ServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ulong;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

/**
 * An in-process Milo OPC UA server for the fast tests, on 127.0.0.1 and a free port, with a known
 * address space in namespace {@value #NAMESPACE} under Objects/Plant:
 * scalars of the built-in types ({@code ns=2;s=Scalar.<Type>}), arrays ({@code ns=2;s=Array.<Type>}:
 * Double, Boolean, Int16, UInt32, Float, String, LocalizedText, a two-dimensional Int32 Matrix, and
 * the writable Int32 Array.Setpoints), a counter that changes every 100 ms, a writable Int16
 * setpoint, a node whose status is Bad_SensorFailure and a structure. Endpoints: None, and
 * Basic256Sha256 / Aes128_Sha256_RsaOaep / Aes256_Sha256_RsaPss with Sign and SignAndEncrypt.
 * Users: anonymous, and {@value #USER} with password {@value #PASSWORD}. It can be stopped and
 * started again on the same port, with the same certificate, to act out a server restart.
 */
public final class TestServer implements AutoCloseable {
    public static final String NAMESPACE = "urn:tidegate:test:plant";
    static final String USER = "operator";
    static final String PASSWORD = "test-only-password";
    static final double DOUBLE_VALUE = 3.25;
    static final short SETPOINT_INITIAL = 10;
    /** The first value of the writable Int32 array {@code ns=2;s=Array.Setpoints}. */
    public static final Integer[] ARRAY_SETPOINTS_INITIAL = {10, 20, 30};

    private final int port;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private OpcUaServer server;
    private PlantNamespace namespace;

    public TestServer() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        certificate = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("Tidegate test server")
                .setApplicationUri("urn:tidegate:test-server")
                .addDnsName("localhost")
                .addIpAddress("127.0.0.1")
                .build();
        start();
    }

    public String url() {
        return "opc.tcp://127.0.0.1:" + port + "/plant";
    }

    X509Certificate certificate() {
        return certificate;
    }

    public void start() throws Exception {
        Set<EndpointConfiguration> endpoints = new LinkedHashSet<>();
        EndpointConfiguration.Builder base = EndpointConfiguration.newBuilder()
                .setBindAddress("127.0.0.1").setBindPort(port).setHostname("127.0.0.1").setPath("/plant")
                .setCertificate(certificate).setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS,
                        OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME, OpcUaServerConfig.USER_TOKEN_POLICY_X509);
        endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
                .build());
        for (SecurityPolicy policy : List.of(SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep,
                SecurityPolicy.Aes256_Sha256_RsaPss)) {
            for (MessageSecurityMode mode : List.of(MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt)) {
                endpoints.add(base.copy().setSecurityPolicy(policy).setSecurityMode(mode).build());
            }
        }
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri("urn:tidegate:test-server")
                .setApplicationName(LocalizedText.english("Tidegate test server"))
                .setProductUri("urn:tidegate:test-server")
                .setBuildInfo(new BuildInfo("urn:tidegate:test-server", "tidegate", "test server", "1",
                        "1", DateTime.now()))
                .setEndpoints(endpoints)
                .setCertificateManager(new DefaultCertificateManager(keyPair, certificate))
                // The gateway's trust decisions are under test, not the server's: it accepts any client.
                .setCertificateValidator(new AcceptAnyClient())
                .setIdentityValidator(identities())
                .build();
        server = new OpcUaServer(config);
        namespace = new PlantNamespace(server);
        namespace.startup();
        server.startup().get(20, TimeUnit.SECONDS);
    }

    /** The X.509 user certificate the server accepts, once a test sets it. */
    private volatile X509Certificate x509User;

    void acceptX509User(X509Certificate certificate) {
        x509User = certificate;
    }

    /** Anonymous, the operator by password, and the one accepted X.509 user. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator<Object> identities() {
        return new org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator(
                new UsernameIdentityValidator(true,
                        c -> USER.equals(c.getUsername()) && PASSWORD.equals(c.getPassword())),
                new org.eclipse.milo.opcua.sdk.server.identity.X509IdentityValidator(c -> c.equals(x509User)));
    }

    public void stop() throws Exception {
        if (server != null) {
            namespace.shutdown();
            server.shutdown().get(20, TimeUnit.SECONDS);
            server = null;
        }
    }

    /** The counter's current value. */
    long counter() {
        return namespace.counter;
    }

    /** The writable array's current value, as the server holds it. */
    public Object arraySetpoints() {
        return namespace.arraySetpoints.getValue().getValue().getValue();
    }

    /** The setpoint's current value, as the server holds it. */
    public Object setpoint() {
        return namespace.setpoint.getValue().getValue().getValue();
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private static final class AcceptAnyClient implements ServerCertificateValidator {
        @Override
        public void validateCertificateChain(List<X509Certificate> chain) {
        }

        @Override
        public void validateCertificateChain(List<X509Certificate> chain, String applicationUri) {
        }
    }

    private static final class PlantNamespace extends ManagedNamespaceWithLifecycle {
        private final SubscriptionModel subscriptions;
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-server-ticker");
            t.setDaemon(true);
            return t;
        });
        private UaVariableNode counterNode;
        private UaVariableNode setpoint;
        private UaVariableNode arraySetpoints;
        private volatile long counter;
        private final List<DataItem> counterItems = new java.util.concurrent.CopyOnWriteArrayList<>();

        PlantNamespace(OpcUaServer server) {
            super(server, NAMESPACE);
            subscriptions = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptions);
            getLifecycleManager().addStartupTask(this::createNodes);
            getLifecycleManager().addShutdownTask(ticker::shutdownNow);
        }

        private void createNodes() {
            UaFolderNode plant = new UaFolderNode(getNodeContext(), newNodeId("Plant"),
                    newQualifiedName("Plant"), LocalizedText.english("Plant"));
            getNodeManager().addNode(plant);
            plant.addReference(new Reference(plant.getNodeId(), Identifiers.Organizes,
                    Identifiers.ObjectsFolder.expanded(), false));

            scalar(plant, "Boolean", Identifiers.Boolean, true);
            scalar(plant, "SByte", Identifiers.SByte, (byte) -12);
            scalar(plant, "Byte", Identifiers.Byte, ubyte(200));
            scalar(plant, "Int16", Identifiers.Int16, (short) -1234);
            scalar(plant, "UInt16", Identifiers.UInt16, ushort(65000));
            scalar(plant, "Int32", Identifiers.Int32, -123456);
            scalar(plant, "UInt32", Identifiers.UInt32, uint(4_000_000_000L));
            scalar(plant, "Int64", Identifiers.Int64, -9_000_000_000L);
            scalar(plant, "UInt64", Identifiers.UInt64, ulong(9_000_000_000L));
            scalar(plant, "Float", Identifiers.Float, 1.5f);
            scalar(plant, "Double", Identifiers.Double, DOUBLE_VALUE);
            scalar(plant, "String", Identifiers.String, "pump running");
            scalar(plant, "DateTime", Identifiers.DateTime, new DateTime(java.time.Instant.parse("2026-01-02T03:04:05Z")));
            scalar(plant, "Guid", Identifiers.Guid, UUID.fromString("09087e75-8e5e-499b-954f-f2a9603db28a"));
            scalar(plant, "ByteString", Identifiers.ByteString, ByteString.of(new byte[]{1, 2, 3}));
            scalar(plant, "LocalizedText", Identifiers.LocalizedText, LocalizedText.english("Hello"));
            scalar(plant, "QualifiedName", Identifiers.QualifiedName, new QualifiedName(2, "Name"));
            scalar(plant, "NodeId", Identifiers.NodeId, new NodeId(2, "Target"));
            scalar(plant, "StatusCode", Identifiers.StatusCode, new StatusCode(StatusCodes.Good_Overload));

            array(plant, "Array.Double", Identifiers.Double, new Double[]{1.5, 2.5, 3.5});
            array(plant, "Array.Boolean", Identifiers.Boolean, new Boolean[]{true, false, true});
            array(plant, "Array.Int16", Identifiers.Int16, new Short[]{-32768, 0, 32767});
            array(plant, "Array.UInt32", Identifiers.UInt32, new UInteger[]{uint(0), uint(4_000_000_000L)});
            array(plant, "Array.Float", Identifiers.Float, new Float[]{0.5f, -1.25f});
            array(plant, "Array.String", Identifiers.String, new String[]{"open", "closed", ""});
            array(plant, "Array.LocalizedText", Identifiers.LocalizedText,
                    new LocalizedText[]{LocalizedText.english("Hello"), LocalizedText.english("Welt")});
            array(plant, "Array.Matrix", Identifiers.Int32, new Integer[][]{{1, 2}, {3, 4}}).setValueRank(2);
            arraySetpoints = array(plant, "Array.Setpoints", Identifiers.Int32, ARRAY_SETPOINTS_INITIAL.clone());
            arraySetpoints.setAccessLevel(AccessLevel.toValue(AccessLevel.READ_WRITE));
            arraySetpoints.setUserAccessLevel(AccessLevel.toValue(AccessLevel.READ_WRITE));

            UaVariableNode structure = variable(plant, "Structure", Identifiers.Range, new Variant(
                    ExtensionObject.encode(getServer().getSerializationContext(), new Range(0.0, 100.0))));
            structure.setDataType(Identifiers.Range);

            UaVariableNode bad = variable(plant, "Broken", Identifiers.Double, new Variant(0.0));
            bad.setValue(new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_SensorFailure),
                    DateTime.now()));

            setpoint = variable(plant, "Setpoint", Identifiers.Int16, new Variant(SETPOINT_INITIAL));
            setpoint.setAccessLevel(AccessLevel.toValue(AccessLevel.READ_WRITE));
            setpoint.setUserAccessLevel(AccessLevel.toValue(AccessLevel.READ_WRITE));

            counterNode = variable(plant, "Counter", Identifiers.Int64, new Variant(0L));
            ticker.scheduleAtFixedRate(() -> {
                // A scheduled task that throws is never run again: a counter that silently stops would
                // look like a client that stopped receiving. So one failed tick is reported and the
                // next one runs (an item deleted by a client while being updated, say).
                try {
                    counter++;
                    DataValue value = new DataValue(new Variant(counter), StatusCode.GOOD, DateTime.now());
                    counterNode.setValue(value);
                    // Reported on change, like a PLC's server: Milo's sampling loop alone can miss a
                    // change when a loaded machine stretches its period past 100 ms.
                    counterItems.forEach(item -> item.setValue(value));
                } catch (RuntimeException e) {
                    System.err.println("test server: counter tick failed, the next one follows: " + e);
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
        }

        private UaVariableNode array(UaFolderNode folder, String id, NodeId type, Object[] value) {
            UaVariableNode node = variable(folder, id, type, new Variant(value));
            node.setValueRank(1);
            node.setArrayDimensions(new UInteger[]{uint(value.length)});
            return node;
        }

        private void scalar(UaFolderNode folder, String name, NodeId type, Object value) {
            variable(folder, "Scalar." + name, type, new Variant(value));
        }

        private UaVariableNode variable(UaFolderNode folder, String id, NodeId type, Variant value) {
            String browseName = id;
            UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId(id))
                    .setAccessLevel(AccessLevel.READ_ONLY)
                    .setUserAccessLevel(AccessLevel.READ_ONLY)
                    .setBrowseName(newQualifiedName(browseName))
                    .setDisplayName(LocalizedText.english(id))
                    .setDataType(type)
                    .setTypeDefinition(Identifiers.BaseDataVariableType)
                    .build();
            node.setValue(new DataValue(value, StatusCode.GOOD, DateTime.now()));
            getNodeManager().addNode(node);
            folder.addOrganizes(node);
            return node;
        }

        // The counter's items get each change from the ticker, and only from it: sampled as well, an
        // older sample could be queued after a newer change and a client would see 15, 16, 15, 16.
        @Override
        public void onDataItemsCreated(List<DataItem> dataItems) {
            counterItems.addAll(counterItemsOf(dataItems));
            subscriptions.onDataItemsCreated(sampledItemsOf(dataItems));
        }

        @Override
        public void onDataItemsModified(List<DataItem> dataItems) {
            subscriptions.onDataItemsModified(sampledItemsOf(dataItems));
        }

        @Override
        public void onDataItemsDeleted(List<DataItem> dataItems) {
            subscriptions.onDataItemsDeleted(sampledItemsOf(dataItems));
            counterItems.removeAll(dataItems);
        }

        private List<DataItem> counterItemsOf(List<DataItem> dataItems) {
            return dataItems.stream().filter(i -> i.getReadValueId().getNodeId().equals(counterNode.getNodeId())).toList();
        }

        private List<DataItem> sampledItemsOf(List<DataItem> dataItems) {
            return dataItems.stream().filter(i -> !i.getReadValueId().getNodeId().equals(counterNode.getNodeId())).toList();
        }

        @Override
        public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
            subscriptions.onMonitoringModeChanged(monitoredItems);
        }
    }
}
