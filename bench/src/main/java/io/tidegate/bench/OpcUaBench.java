package io.tidegate.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.api.DataItem;
import org.eclipse.milo.opcua.sdk.server.api.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.api.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.api.config.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.api.config.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.server.EndpointConfiguration;
import org.eclipse.milo.opcua.stack.server.security.ServerCertificateValidator;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/**
 * OPC UA ingest: N monitored items changing every 100 ms on one server, through a real gateway
 * process (io.tidegate.runtime.Main, as a service manager runs it) into its SQLite store and on to
 * a real Mosquitto, where a Sparkplug host decodes every DDATA. Per mode (subscribe, and polling
 * reads at 100 ms as the baseline, side by side in the same run) it records, over a measuring
 * window after a warm-up: value changes per second stored (the gateway's status line) and
 * received at the broker, changes missed (gaps in each node's counter), the gateway's CPU, and the
 * latency from each value's OPC UA source timestamp to its arrival at the broker (p50, p99).
 *
 * <p>The server is Milo's, in this JVM (its CPU is not the gateway's). Every node holds the tick
 * number and is updated with a fresh source timestamp every 100 ms.
 */
public final class OpcUaBench {
    private static final String NAMESPACE = "urn:tidegate:bench:plant";

    private final Path root = Path.of(System.getProperty("opcua.root", "."));
    private final Path dir = Path.of(System.getProperty("opcua.dir", "bench/target/opcua-bench"));
    private final int nodes = Integer.getInteger("opcua.nodes", 10_000);
    private final int warmupSeconds = Integer.getInteger("opcua.warmup", 20);
    private final int windowSeconds = Integer.getInteger("opcua.window", 60);
    private final List<String> modes = List.of(System.getProperty("opcua.modes", "subscribe,poll").split(","));
    private final String gatewayOpts = System.getProperty("opcua.gatewayOpts", "-Xmx256m");
    /**
     * How the server reports: "sampled" (Milo's SubscriptionModel re-reads every item each sampling
     * interval, and its loop stretches past 100 ms under load, so it misses changes itself) or
     * "on-change" (each change is handed to the monitored items as it happens, as exception-based
     * PLC servers do), which isolates what the gateway does with every change.
     */
    private final boolean onChange = "on-change".equals(System.getProperty("opcua.server", "on-change"));

    public static void main(String[] args) throws Exception {
        new OpcUaBench().run();
    }

    private void run() throws Exception {
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "OPC UA bench: %,d nodes changing every 100 ms (%,d changes/s offered), "
                + "server reports %s, warm-up %d s, window %d s, gateway %s%n", nodes, nodes * 10,
                onChange ? "on change" : "by sampling", warmupSeconds, windowSeconds, gatewayOpts);
        try (BenchServer server = new BenchServer(nodes, onChange)) {
            for (String mode : modes) {
                Result r = runMode(server, mode.trim());
                System.out.printf(Locale.ROOT, "%-15s stored %,.0f changes/s, at broker %,.0f/s (offered %,d/s), "
                                + "missed %,d (%.2f%%), gateway CPU %.0f%% of one core, source->broker p50 %d ms "
                                + "p99 %d ms (max %d ms), %,d latencies%n", mode, r.storedPerSecond, r.brokerPerSecond,
                        nodes * 10, r.missed, 100.0 * r.missed / Math.max(1, r.expected), r.cpuPercent, r.p50, r.p99,
                        r.max, r.latencies);
                System.out.println("                last status: " + r.status);
                System.out.println("                worst seconds (UTC): " + r.worstSeconds);
            }
        }
    }

    private record Result(double storedPerSecond, double brokerPerSecond, long missed, long expected,
                          double cpuPercent, long p50, long p99, long max, long latencies, String status,
                          String worstSeconds) {
    }

    private Result runMode(BenchServer server, String mode) throws Exception {
        // "subscribe:50ms" samples faster than the nodes change; plain "subscribe" samples at 100 ms
        String sampling = mode.contains(":") ? mode.substring(mode.indexOf(':') + 1) : "100ms";
        Path runDir = dir.resolve(mode.replace(':', '-'));
        deleteTree(runDir);
        Files.createDirectories(runDir);
        try (DrainBench.Mosquitto broker = DrainBench.Mosquitto.start(runDir.resolve("mosquitto"));
             Host host = Host.subscribe(broker.url())) {
            Path profile = profile(runDir, broker.port(), server.url(), mode.replaceAll(":.*", ""), sampling);
            Path home = root.resolve("bundles/runtime/target");
            String classpath = String.join(":", DrainBench.runtimeJar(home).toString(),
                    root.resolve("provisioning/target/lib") + "/*");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            command.addAll(Arrays.asList(gatewayOpts.split(" ")));
            command.addAll(List.of("-cp", classpath, "io.tidegate.runtime.Main", "--profile", profile.toString(),
                    "--data", runDir.resolve("data").toString(), "--home", home.toString(), "--status", "1"));
            Path log = runDir.resolve("gateway.log");
            Process gateway = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            try {
                long deadline = System.currentTimeMillis() + 120_000;
                while (host.metrics() < nodes) {
                    if (System.currentTimeMillis() > deadline || !gateway.isAlive()) {
                        throw new IllegalStateException(mode + ": no data at the broker; see " + log);
                    }
                    Thread.sleep(200);
                }
                Thread.sleep(warmupSeconds * 1000L);
                long stored0 = stored(log);
                double cpu0 = DrainBench.cpuSeconds(gateway.pid());
                host.startWindow();
                long t0 = System.nanoTime();
                Thread.sleep(windowSeconds * 1000L);
                Host.Window w = host.endWindow();
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = DrainBench.cpuSeconds(gateway.pid()) - cpu0;
                Thread.sleep(1100); // one more status line
                long stored = stored(log) - stored0;
                return new Result(stored / seconds, w.metrics / seconds, w.missed, w.expected, 100 * cpu / seconds,
                        w.percentile(50), w.percentile(99), w.max(), w.count(), DrainBench.lastStatus(log),
                        w.worstSeconds(5));
            } finally {
                gateway.destroy();
                if (!gateway.waitFor(40, TimeUnit.SECONDS)) {
                    gateway.destroyForcibly();
                }
            }
        }
    }

    private static final Pattern STORED = Pattern.compile("stored (\\d+)");

    private static long stored(Path log) throws Exception {
        Matcher m = STORED.matcher(DrainBench.lastStatus(log));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private Path profile(Path runDir, int brokerPort, String url, String mode, String sampling) throws Exception {
        StringBuilder y = new StringBuilder();
        y.append("gateway:\n  id: opcua-bench\n  group: bench\n");
        y.append("devices:\n  - id: plant\n    driver: opcua\n    interval: 100ms\n    settings:\n");
        y.append("      endpoint: \"").append(url).append("\"\n      mode: ").append(mode).append('\n');
        y.append("      samplingInterval: ").append(sampling)
                .append("\n      publishingInterval: 100ms\n      queueSize: \"4\"\n");
        y.append("      requestTimeout: 20s\n    points:\n");
        for (int i = 0; i < nodes; i++) {
            y.append("      - {id: n/").append(i).append(", address: \"ns=2;s=N.").append(i)
                    .append("\", type: INT32}\n");
        }
        y.append("uplink:\n  host: 127.0.0.1\n  port: ").append(brokerPort).append('\n');
        Path profile = runDir.resolve("profile.yaml");
        Files.writeString(profile, y);
        return profile;
    }

    private static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    // ---- the broker side -------------------------------------------------------------------

    /** Decodes every DDATA; per metric alias: the last value, and during the window gaps and latencies. */
    static final class Host implements AutoCloseable {
        private final MqttClient client;
        private final Map<Long, Long> lastValue = new HashMap<>();
        private long metrics;
        private boolean inWindow;
        private Window window;

        static final class Window {
            long metrics;
            long missed;
            long expected;
            /** Latency histogram in ms, 0..59,999; the last bucket holds everything later. */
            final long[] histogram = new long[60_000];
            /** The longest latency seen per second of arrival, to line a tail up with GC logs. */
            final Map<Long, Long> worstBySecond = new HashMap<>();

            /** The seconds of arrival with the longest latencies, worst first: "HH:mm:ss max ms". */
            String worstSeconds(int n) {
                return worstBySecond.entrySet().stream()
                        .sorted(Map.Entry.<Long, Long>comparingByValue().reversed()).limit(n)
                        .map(e -> java.time.LocalTime.ofSecondOfDay((e.getKey() % 86_400)) + " " + e.getValue() + " ms")
                        .collect(java.util.stream.Collectors.joining(", "));
            }

            long count() {
                return Arrays.stream(histogram).sum();
            }

            long percentile(int p) {
                long target = (long) Math.ceil(count() * p / 100.0);
                long seen = 0;
                for (int i = 0; i < histogram.length; i++) {
                    seen += histogram[i];
                    if (seen >= target && target > 0) {
                        return i;
                    }
                }
                return -1;
            }

            long max() {
                for (int i = histogram.length - 1; i >= 0; i--) {
                    if (histogram[i] > 0) {
                        return i;
                    }
                }
                return -1;
            }
        }

        private Host(MqttClient client) {
            this.client = client;
        }

        static Host subscribe(String url) throws Exception {
            MqttClient client = new MqttClient(url, "opcua-bench-host-" + System.nanoTime(), new MemoryPersistence());
            Host host = new Host(client);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    if (topic.contains("/DDATA/")) {
                        host.accept(message.getPayload(), System.currentTimeMillis());
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(65_535);
            client.connect(options);
            client.subscribe("spBv1.0/#", 1);
            return host;
        }

        synchronized void accept(byte[] bytes, long receivedAt) throws Exception {
            SparkplugBPayload payload = new SparkplugBPayloadDecoder().buildFromByteArray(bytes, null);
            for (Metric m : payload.getMetrics()) {
                if (!m.hasAlias() || m.getValue() == null) {
                    continue;
                }
                metrics++;
                long value = ((Number) m.getValue()).longValue();
                Long previous = lastValue.put(m.getAlias(), value);
                if (inWindow) {
                    window.metrics++;
                    if (previous != null && value > previous) {
                        window.expected += value - previous;
                        window.missed += value - previous - 1;
                    }
                    long latency = Math.max(0, receivedAt - m.getTimestamp().getTime());
                    window.histogram[(int) Math.min(latency, window.histogram.length - 1)]++;
                    window.worstBySecond.merge(receivedAt / 1000, latency, Math::max);
                }
            }
        }

        synchronized long metrics() {
            return metrics;
        }

        synchronized void startWindow() {
            window = new Window();
            inWindow = true;
        }

        synchronized Window endWindow() {
            inWindow = false;
            return window;
        }

        @Override
        public void close() throws Exception {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }

    // ---- the server --------------------------------------------------------------------------

    /** A Milo server with N Int32 nodes ns=2;s=N.i, all set to the tick number every 100 ms. */
    static final class BenchServer implements AutoCloseable {
        private final OpcUaServer server;
        private final int port;

        BenchServer(int nodes, boolean onChange) throws Exception {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair).setCommonName("bench")
                    .setApplicationUri("urn:tidegate:bench-server").addIpAddress("127.0.0.1").build();
            Set<EndpointConfiguration> endpoints = new LinkedHashSet<>();
            endpoints.add(EndpointConfiguration.newBuilder().setBindAddress("127.0.0.1").setBindPort(port)
                    .setHostname("127.0.0.1").setPath("/bench").setCertificate(certificate)
                    .setTransportProfile(TransportProfile.TCP_UASC_UABINARY).setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None)
                    .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS).build());
            OpcUaServerConfig config = OpcUaServerConfig.builder()
                    .setApplicationUri("urn:tidegate:bench-server")
                    .setApplicationName(LocalizedText.english("bench"))
                    .setProductUri("urn:tidegate:bench-server")
                    .setEndpoints(endpoints)
                    .setCertificateManager(new DefaultCertificateManager(keyPair, certificate))
                    .setCertificateValidator(new ServerCertificateValidator() {
                        @Override
                        public void validateCertificateChain(List<X509Certificate> chain) {
                        }

                        @Override
                        public void validateCertificateChain(List<X509Certificate> chain, String uri) {
                        }
                    })
                    .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                    .setLimits(new OpcUaServerConfigLimits() {
                        @Override
                        public UInteger getMaxMonitoredItemsPerSession() {
                            return UInteger.valueOf(1_000_000);
                        }
                    })
                    .build();
            server = new OpcUaServer(config);
            new Plant(server, nodes, onChange).startup();
            server.startup().get(60, TimeUnit.SECONDS);
        }

        String url() {
            return "opc.tcp://127.0.0.1:" + port + "/bench";
        }

        @Override
        public void close() throws Exception {
            server.shutdown().get(30, TimeUnit.SECONDS);
        }
    }

    private static final class Plant extends ManagedNamespaceWithLifecycle {
        private final SubscriptionModel subscriptions;
        // A daemon: Milo runs a namespace's shutdown tasks only when the namespace is unregistered, so
        // this ticker was never shut down and held the finished benchmark's JVM open.
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "plant-ticker");
            thread.setDaemon(true);
            return thread;
        });
        private final List<UaVariableNode> variables = new ArrayList<>();
        /** On-change reporting: the monitored items of each node. */
        private final Map<org.eclipse.milo.opcua.stack.core.types.builtin.NodeId, List<DataItem>> items =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final boolean onChange;
        private int tick;

        Plant(OpcUaServer server, int nodes, boolean onChange) {
            super(server, NAMESPACE);
            this.onChange = onChange;
            subscriptions = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptions);
            getLifecycleManager().addStartupTask(() -> create(nodes));
            getLifecycleManager().addShutdownTask(ticker::shutdownNow);
        }

        private void create(int nodes) {
            UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId("Plant"), newQualifiedName("Plant"),
                    LocalizedText.english("Plant"));
            getNodeManager().addNode(folder);
            folder.addReference(new Reference(folder.getNodeId(), Identifiers.Organizes,
                    Identifiers.ObjectsFolder.expanded(), false));
            for (int i = 0; i < nodes; i++) {
                UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                        .setNodeId(newNodeId("N." + i)).setBrowseName(newQualifiedName("N." + i))
                        .setDisplayName(LocalizedText.english("N." + i)).setDataType(Identifiers.Int32)
                        .setAccessLevel(AccessLevel.READ_ONLY).setUserAccessLevel(AccessLevel.READ_ONLY)
                        .setTypeDefinition(Identifiers.BaseDataVariableType).build();
                node.setValue(new DataValue(new Variant(0), StatusCode.GOOD, DateTime.now()));
                getNodeManager().addNode(node);
                folder.addOrganizes(node);
                variables.add(node);
            }
            ticker.scheduleAtFixedRate(() -> {
                tick++;
                DateTime now = DateTime.now();
                DataValue value = new DataValue(new Variant(tick), StatusCode.GOOD, now, now);
                for (UaVariableNode v : variables) {
                    v.setValue(value);
                    if (onChange) {
                        for (DataItem item : items.getOrDefault(v.getNodeId(), List.of())) {
                            item.setValue(value);
                        }
                    }
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onDataItemsCreated(List<DataItem> created) {
            if (!onChange) {
                subscriptions.onDataItemsCreated(created);
                return;
            }
            for (DataItem item : created) {
                org.eclipse.milo.opcua.stack.core.types.builtin.NodeId id = item.getReadValueId().getNodeId();
                items.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(item);
                getNodeManager().getNode(id).ifPresent(n -> item.setValue(((UaVariableNode) n).getValue()));
            }
        }

        @Override
        public void onDataItemsModified(List<DataItem> modified) {
            if (!onChange) {
                subscriptions.onDataItemsModified(modified);
            }
        }

        @Override
        public void onDataItemsDeleted(List<DataItem> deleted) {
            if (!onChange) {
                subscriptions.onDataItemsDeleted(deleted);
                return;
            }
            for (DataItem item : deleted) {
                List<DataItem> list = items.get(item.getReadValueId().getNodeId());
                if (list != null) {
                    list.remove(item);
                }
            }
        }

        @Override
        public void onMonitoringModeChanged(List<MonitoredItem> items) {
            subscriptions.onMonitoringModeChanged(items);
        }
    }
}
