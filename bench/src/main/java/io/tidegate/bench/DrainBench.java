package io.tidegate.bench;

import io.tidegate.api.DataType;
import io.tidegate.api.Sample;
import io.tidegate.api.StoreStats;
import io.tidegate.api.Value;
import io.tidegate.store.internal.SqliteSampleStore;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/**
 * Backlog drain: how fast the gateway forwards a pre-filled queue.db to a real Mosquitto at QoS 1,
 * Sparkplug B encoded, against a naive one-sample-per-message QoS 1 publisher in the same run.
 *
 * <p>Each round: a fresh copy of a queue.db pre-filled with {@code N} historical FLOAT64 samples,
 * a Sparkplug host (Paho, QoS 1) subscribed before the gateway starts, then the gateway as a child
 * JVM exactly as a service manager starts it ({@code io.tidegate.runtime.Main}, {@code -Xmx64m}).
 * The drain is done when the host has decoded {@code N} historical metrics from the backlog.
 *
 * <p>System properties: {@code drain.samples} (1000000), {@code drain.rounds} (3),
 * {@code drain.baselineMessages} (20000), {@code drain.points} (10), {@code drain.dir}
 * (target/drain-bench), {@code drain.root} (the repository, for the gateway's classpath and home),
 * {@code drain.gatewayOpts} (-Xmx64m), {@code drain.framework} (felix), {@code drain.timeoutSeconds}
 * (240), {@code drain.jfr} (false: true records a JFR profile of each gateway run).
 */
public final class DrainBench {
    private static final String[] FLOAT_POINTS = {"wet_well/level", "wet_well/inflow", "pump1/speed", "pump1/current",
            "pump1/discharge_pressure", "pump1/flow", "pump2/speed", "pump2/current", "pump2/discharge_pressure",
            "pump2/flow"};
    private static final long STEP_MILLIS = 10;

    private final int samples = Integer.getInteger("drain.samples", 1_000_000);
    private final int rounds = Integer.getInteger("drain.rounds", 3);
    private final int baselineMessages = Integer.getInteger("drain.baselineMessages", 20_000);
    private final int points = Math.min(FLOAT_POINTS.length, Integer.getInteger("drain.points", 10));
    private final Path dir = Path.of(System.getProperty("drain.dir", "target/drain-bench")).toAbsolutePath();
    private final Path root = Path.of(System.getProperty("drain.root", "..")).toAbsolutePath().normalize();
    private final String gatewayOpts = System.getProperty("drain.gatewayOpts", "-Xmx64m");
    private final String framework = System.getProperty("drain.framework", "felix");
    private final long timeoutMillis = Long.getLong("drain.timeoutSeconds", 240) * 1000;
    private final boolean jfr = Boolean.getBoolean("drain.jfr");
    /** Source time of backlog sample i is t0 + i * STEP_MILLIS: all of it days before the run. */
    private final long t0 = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(2);

    /** One gateway drain. */
    record Drain(double drainPerSecond, double endToEndPerSecond, long startToFirstMillis, long firstToLastMillis,
                 long ddata, long backlogMetrics, long otherMetrics, long notHistorical, long pendingAfter,
                 String statusAfter, long rssPeakKb, String jstat, double gatewayCpuSeconds, double brokerCpuSeconds,
                 double decoderCpuSeconds) {
    }

    public static void main(String[] args) throws Exception {
        new DrainBench().run();
    }

    private void run() throws Exception {
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "Backlog drain benchmark: %,d samples over %d FLOAT64 points, %d rounds; %s, %d cores,"
                + " Java %s%n", samples, points, rounds, dir, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Path template = dir.resolve("template/queue.db");
        long fillStart = System.nanoTime();
        fill(template);
        System.out.printf(Locale.ROOT, "  pre-filled %s in %.1f s%n", template, (System.nanoTime() - fillStart) / 1e9);
        List<Drain> drains = new ArrayList<>();
        double baseline;
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"))) {
            System.out.println("  " + broker.version() + " on " + broker.url() + " (pid " + broker.pid() + ")");
            for (int r = 1; r <= rounds; r++) {
                Drain d = drain(r, template, broker);
                drains.add(d);
                System.out.printf(Locale.ROOT, "  round %d: drain %,.0f samples/s (first->last %,d ms), end to end %,.0f samples/s"
                        + " (start->first DDATA %,d ms), %,d DDATA (%.0f metrics each), gateway cpu %.1f s,"
                        + " broker cpu %.1f s, host decoder cpu %.1f s%n", r, d.drainPerSecond(), d.firstToLastMillis(),
                        d.endToEndPerSecond(), d.startToFirstMillis(), d.ddata(),
                        (double) (d.backlogMetrics() + d.otherMetrics()) / Math.max(1, d.ddata()),
                        d.gatewayCpuSeconds(), d.brokerCpuSeconds(), d.decoderCpuSeconds());
                System.out.printf(Locale.ROOT, "           backlog metrics %,d (not historical: %d), other metrics %d,"
                        + " queue.db pending after %d, last status: %s%n", d.backlogMetrics(), d.notHistorical(),
                        d.otherMetrics(), d.pendingAfter(), d.statusAfter());
                System.out.printf(Locale.ROOT, "           gateway RSS peak %,d kB; jstat -gc at drain end: %s%n",
                        d.rssPeakKb(), d.jstat());
            }
            baseline = baseline(broker);
        }
        print(drains, baseline);
    }

    // ---- the backlog ---------------------------------------------------------------------

    private Sample sample(int i) {
        return Sample.good(FLOAT_POINTS[i % points], Value.of(DataType.FLOAT64, 20 + (i % 977) * 0.013),
                t0 + i * STEP_MILLIS);
    }

    private void fill(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        try (SqliteSampleStore store = new SqliteSampleStore(file)) {
            int batch = 10_000;
            for (int i = 0; i < samples; i += batch) {
                List<Sample> list = new ArrayList<>(batch);
                for (int k = i; k < Math.min(samples, i + batch); k++) {
                    list.add(sample(k));
                }
                store.append(list);
            }
            if (store.stats().pending() != samples) {
                throw new IllegalStateException("pre-fill: " + store.stats());
            }
        }
    }

    private Path profile(Path profileDir, int port) throws IOException {
        Files.createDirectories(profileDir);
        StringBuilder yaml = new StringBuilder("""
                # DrainBench: the demo pump station's FLOAT64 points, polled once an hour, so that
                # (almost) everything the uplink sends is the pre-filled backlog.
                gateway:
                  id: drain-bench-01
                  group: tidegate-bench
                devices:
                  - id: station
                    driver: sim
                    interval: 1h
                    settings:
                      model: pump-station
                      seed: 42
                    points:
                """);
        for (int k = 0; k < points; k++) {
            yaml.append("      - id: ").append(FLOAT_POINTS[k]).append('\n')
                    .append("        address: ").append(FLOAT_POINTS[k].replace('/', '.')).append('\n')
                    .append("        type: FLOAT64\n");
        }
        yaml.append("uplink:\n  type: sparkplug\n  host: 127.0.0.1\n  port: ").append(port).append('\n');
        Path file = profileDir.resolve("drain-site.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    // ---- one gateway drain ---------------------------------------------------------------

    private Drain drain(int round, Path template, Mosquitto broker) throws Exception {
        Path roundDir = dir.resolve("round-" + round);
        deleteTree(roundDir);
        Path data = roundDir.resolve("data");
        Files.createDirectories(data);
        Files.copy(template, data.resolve("queue.db"), StandardCopyOption.REPLACE_EXISTING);
        Path profile = profile(roundDir.resolve("profile"), broker.port());
        double brokerCpuBefore = cpuSeconds(broker.pid());

        try (Host host = Host.subscribe(broker.url(), "spBv1.0/tidegate-bench/#", t0, t0 + samples * STEP_MILLIS, samples)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path home = root.resolve("bundles/runtime/target");
            String classpath = String.join(":",
                    runtimeJar(home).toString(), root.resolve("provisioning/target/lib").toString() + "/*");
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(Arrays.asList(gatewayOpts.trim().split("\\s+")));
            if (jfr) {
                command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                        + roundDir.resolve("gateway.jfr"));
            }
            command.addAll(List.of("-cp", classpath, "io.tidegate.runtime.Main", "--framework", framework,
                    "--profile", profile.toString(), "--data", data.toString(), "--home", home.toString(),
                    "--status", "1"));
            Path log = roundDir.resolve("gateway.log");
            long start = System.nanoTime();
            Process gateway = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                long deadline = System.currentTimeMillis() + timeoutMillis;
                while (!host.done()) {
                    if (!gateway.isAlive()) {
                        throw new IllegalStateException("gateway exited with " + gateway.exitValue() + "; log:\n"
                                + Files.readString(log));
                    }
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("drain not done after " + timeoutMillis / 1000 + " s: "
                                + host.backlogMetrics() + " of " + samples + " backlog metrics; see " + log);
                    }
                    Thread.sleep(20);
                }
                long first = host.firstDdataNanos();
                long last = host.lastBacklogNanos();
                String jstat = jstat(gateway.pid());
                double gatewayCpu = cpuSeconds(gateway.pid());
                long rssPeak = rssPeakKb(gateway.pid());
                Thread.sleep(2500); // two status lines, and time for any duplicate to show up at the host
                String status = lastStatus(log);
                gateway.destroy(); // SIGTERM, as a service manager stops it
                if (!gateway.waitFor(40, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gateway did not stop within 40 s of SIGTERM");
                }
                long pendingAfter;
                try (SqliteSampleStore store = new SqliteSampleStore(data.resolve("queue.db"))) {
                    StoreStats stats = store.stats();
                    pendingAfter = stats.pending();
                }
                return new Drain(samples / ((last - first) / 1e9), samples / ((last - start) / 1e9),
                        (first - start) / 1_000_000, (last - first) / 1_000_000, host.ddata(), host.backlogMetrics(),
                        host.otherMetrics(), host.notHistorical(), pendingAfter, status, rssPeak, jstat, gatewayCpu,
                        cpuSeconds(broker.pid()) - brokerCpuBefore, host.decoderCpuSeconds());
            } finally {
                if (gateway.isAlive()) {
                    gateway.destroyForcibly();
                }
            }
        }
    }

    static Path runtimeJar(Path home) throws IOException {
        try (var files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().matches("io\\.tidegate\\.runtime-.*\\.jar")
                    && !p.getFileName().toString().endsWith("-tests.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no io.tidegate.runtime jar in " + home
                            + ": build first (bench/run-drain.sh does)"));
        }
    }

    private static final Pattern STATUS = Pattern.compile("read \\d+, stored \\d+, forwarded \\d+, buffered \\d+.*");

    static String lastStatus(Path log) throws IOException {
        String found = "(none)";
        for (String line : Files.readAllLines(log)) {
            Matcher m = STATUS.matcher(line);
            if (m.find()) {
                found = m.group();
            }
        }
        return found;
    }

    /** Heap used (S0U+S1U+EU+OU) and GC counts/times from jstat -gc. */
    private static String jstat(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                    Long.toString(pid)).redirectErrorStream(true).start();
            String[] lines = new String(p.getInputStream().readAllBytes()).trim().split("\n");
            p.waitFor(10, TimeUnit.SECONDS);
            if (lines.length < 2) {
                return "(jstat: " + String.join(" ", lines) + ")";
            }
            String[] h = lines[0].trim().split("\\s+");
            String[] v = lines[1].trim().split("\\s+");
            java.util.Map<String, Double> m = new java.util.HashMap<>();
            for (int i = 0; i < Math.min(h.length, v.length); i++) {
                m.put(h[i], Double.parseDouble(v[i].replace(',', '.')));
            }
            double used = m.get("S0U") + m.get("S1U") + m.get("EU") + m.get("OU");
            double capacity = m.get("S0C") + m.get("S1C") + m.get("EC") + m.get("OC");
            return String.format(Locale.ROOT, "heap used %.1f MB of %.1f MB committed, young GCs %.0f (%.2f s),"
                    + " full GCs %.0f (%.2f s), total GC %.2f s", used / 1024, capacity / 1024, m.get("YGC"),
                    m.get("YGCT"), m.get("FGC"), m.get("FGCT"), m.get("GCT"));
        } catch (Exception e) {
            return "(jstat failed: " + e + ")";
        }
    }

    private static long rssPeakKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    /** utime + stime of a process, from /proc (assumes 100 clock ticks per second, as on Linux x86/ARM). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    // ---- the naive baseline --------------------------------------------------------------

    /**
     * One sample per MQTT message, QoS 1, waiting for each PUBACK before the next, as a forwarder
     * that publishes row by row does. Each message is a Sparkplug DDATA with one metric, encoded
     * with Tahu. Its store reads and deletes are left out, which flatters it. Returns samples/s.
     */
    private double baseline(Mosquitto broker) throws Exception {
        int n = Math.min(baselineMessages, samples);
        String topic = "spBv1.0/tidegate-baseline/DDATA/naive-01/station";
        try (Host host = Host.subscribe(broker.url(), "spBv1.0/tidegate-baseline/#", t0, t0 + n * STEP_MILLIS, n)) {
            MqttClient client = new MqttClient(broker.url(), "drain-bench-baseline", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            // Each publish below still waits for its PUBACK; the larger window only works around
            // Paho completing the token before it decrements its in-flight count ("Too many
            // publishes in progress" against a fast local broker).
            options.setMaxInflight(1000);
            client.connect(options);
            SparkplugBPayloadEncoder encoder = new SparkplugBPayloadEncoder();
            try {
                // Warm-up: the JIT should not be what is measured.
                for (int i = 0; i < Math.min(2000, n); i++) {
                    client.publish("bench/warmup", oneSample(encoder, sample(i), i), 1, false);
                }
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    client.publish(topic, oneSample(encoder, sample(i), i), 1, false); // returns on PUBACK
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long deadline = System.currentTimeMillis() + 30_000;
                while (!host.done() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                double perSecond = n / seconds;
                System.out.printf(Locale.ROOT, "  baseline: %,d messages of 1 sample, QoS 1, PUBACK awaited each, in %.2f s:"
                        + " %,.0f samples/s (%.0f us per message); host received %,d historical metrics%n", n, seconds,
                        perSecond, seconds * 1e6 / n, host.backlogMetrics());
                return perSecond;
            } finally {
                client.disconnect();
                client.close();
            }
        }
    }

    private static byte[] oneSample(SparkplugBPayloadEncoder encoder, Sample sample, long seq) throws Exception {
        PropertySet props = new PropertySet.PropertySetBuilder()
                .addProperty("Quality", new PropertyValue<>(PropertyDataType.Int32, 192)).createPropertySet();
        Metric metric = new Metric.MetricBuilder(0L, MetricDataType.Double, sample.value().asDouble())
                .timestamp(new Date(sample.sourceTime())).isHistorical(true).properties(props).createMetric();
        SparkplugBPayload payload = new SparkplugBPayload.SparkplugBPayloadBuilder().setTimestamp(new Date())
                .setSeq(seq % 256).addMetric(metric).createPayload();
        return encoder.getBytes(payload, false);
    }

    // ---- summary -------------------------------------------------------------------------

    private void print(List<Drain> drains, double baseline) {
        double drain = StoreBench.median(drains.stream().mapToDouble(Drain::drainPerSecond).toArray());
        double endToEnd = StoreBench.median(drains.stream().mapToDouble(Drain::endToEndPerSecond).toArray());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %12s %9s  %s%n", "configuration", "samples/s", "vs base", "rounds");
        System.out.printf(Locale.ROOT, "%-58s %12.0f %8.1fx  %s%n", "naive: 1 sample/message, QoS 1, wait for each PUBACK",
                baseline, 1.0, "1 x " + Math.min(baselineMessages, samples) + " messages");
        System.out.printf(Locale.ROOT, "%-58s %12.0f %8.1fx  %s%n", "tidegate drain (first -> last backlog DDATA)", drain,
                drain / baseline, rates(drains.stream().mapToDouble(Drain::drainPerSecond).toArray()));
        System.out.printf(Locale.ROOT, "%-58s %12.0f %8.1fx  %s%n", "tidegate end to end (gateway start -> last DDATA)",
                endToEnd, endToEnd / baseline, rates(drains.stream().mapToDouble(Drain::endToEndPerSecond).toArray()));
        System.out.printf(Locale.ROOT, "%nmedian of %d rounds of %,d samples; target 100,000 samples/s: %s%n", drains.size(),
                samples, drain >= 100_000 ? "met" : "NOT met");
    }

    private static String rates(double[] values) {
        return Arrays.toString(Arrays.stream(values).mapToLong(Math::round).toArray());
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ---- the Sparkplug host ----------------------------------------------------------------

    /**
     * Subscribes at QoS 1; the MQTT callback only timestamps and queues each DDATA, and a decoder
     * thread decodes it with Tahu and counts metrics, so decoding never delays the arrival times.
     * Backlog metrics are recognised by their source time, inside the pre-filled range.
     */
    static final class Host implements AutoCloseable {
        private record Arrival(long nanos, byte[] payload) {
        }

        private final LinkedBlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        private final long backlogFrom;
        private final long backlogTo;
        private final MqttClient client;
        private final Thread decoder;
        private volatile boolean closed;
        private volatile long decoderCpuNanos;
        // Written by the decoder thread only.
        private volatile long ddata;
        private volatile long backlogMetrics;
        private volatile long otherMetrics;
        private volatile long notHistorical;
        private volatile long firstDdataNanos;
        private volatile long lastBacklogNanos;
        private final long target;

        private Host(String url, long backlogFrom, long backlogTo, long target) throws Exception {
            this.target = target;
            this.backlogFrom = backlogFrom;
            this.backlogTo = backlogTo;
            client = new MqttClient(url, "drain-bench-host-" + System.nanoTime(), new MemoryPersistence());
            decoder = new Thread(this::decodeLoop, "drain-bench-decoder");
            decoder.setDaemon(true);
        }

        /** Subscribes; the drain is done once {@code target} backlog metrics have been decoded. */
        static Host subscribe(String url, String filter, long backlogFrom, long backlogTo, long target)
                throws Exception {
            Host host = new Host(url, backlogFrom, backlogTo, target);
            host.client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    System.err.println("host: connection lost: " + cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    if (topic.contains("/DDATA/")) {
                        host.arrivals.add(new Arrival(System.nanoTime(), message.getPayload()));
                    }
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            host.client.connect(options);
            host.client.subscribe(filter, 1);
            host.decoder.start();
            return host;
        }

        private void decodeLoop() {
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            SparkplugBPayloadDecoder decoderInstance = new SparkplugBPayloadDecoder();
            while (!closed) {
                Arrival arrival;
                try {
                    arrival = arrivals.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (arrival == null) {
                    continue;
                }
                try {
                    SparkplugBPayload payload = decoderInstance.buildFromByteArray(arrival.payload(), null);
                    if (ddata == 0) {
                        firstDdataNanos = arrival.nanos();
                    }
                    ddata++;
                    long backlog = backlogMetrics;
                    for (Metric metric : payload.getMetrics()) {
                        long ts = metric.getTimestamp() == null ? -1 : metric.getTimestamp().getTime();
                        if (ts >= backlogFrom && ts < backlogTo) {
                            backlog++;
                            if (!Boolean.TRUE.equals(metric.isHistorical())) {
                                notHistorical++;
                            }
                        } else {
                            otherMetrics++;
                        }
                    }
                    if (backlogMetrics < target && backlog >= target) {
                        lastBacklogNanos = arrival.nanos();
                    }
                    backlogMetrics = backlog;
                } catch (Exception e) {
                    System.err.println("host: undecodable DDATA: " + e);
                }
                decoderCpuNanos = threads.getCurrentThreadCpuTime();
            }
        }

        boolean done() {
            return lastBacklogNanos != 0;
        }

        long firstDdataNanos() {
            return firstDdataNanos;
        }

        long lastBacklogNanos() {
            return lastBacklogNanos;
        }

        long ddata() {
            return ddata;
        }

        long backlogMetrics() {
            return backlogMetrics;
        }

        long otherMetrics() {
            return otherMetrics;
        }

        long notHistorical() {
            return notHistorical;
        }

        double decoderCpuSeconds() {
            return decoderCpuNanos / 1e9;
        }

        @Override
        public void close() throws Exception {
            closed = true;
            try {
                if (client.isConnected()) {
                    client.disconnect();
                }
            } finally {
                client.close();
                decoder.join(2000);
            }
        }
    }

    // ---- Mosquitto -------------------------------------------------------------------------

    /** A real Mosquitto on 127.0.0.1 and a free port, with its own config, tuned not to be the limit. */
    static final class Mosquitto implements AutoCloseable {
        private static final Path BINARY = Path.of(System.getProperty("drain.mosquitto", "/usr/sbin/mosquitto"));
        private final Process process;
        private final int port;

        private Mosquitto(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Mosquitto start(Path dir) throws Exception {
            if (!Files.isExecutable(BINARY)) {
                throw new IllegalStateException(BINARY + " is not installed (hardware-tests/setup.sh installs it)");
            }
            Files.createDirectories(dir);
            int port = freePort();
            Path config = dir.resolve("mosquitto.conf");
            Files.writeString(config, String.join("\n",
                    "listener " + port + " 127.0.0.1",
                    "allow_anonymous true",
                    "persistence false",
                    // No cap on QoS 1 messages in flight to a subscriber, and room to queue a whole
                    // drain, so the broker neither throttles nor drops.
                    "max_inflight_messages 0",
                    "max_queued_messages 10000000",
                    "max_queued_bytes 0",
                    "log_dest file " + dir.resolve("mosquitto.log"),
                    "log_type error",
                    "log_type warning",
                    "log_type notice", ""));
            Process process = new ProcessBuilder(List.of(BINARY.toString(), "-c", config.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
            Mosquitto broker = new Mosquitto(process, port);
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return broker;
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        break;
                    }
                    Thread.sleep(50);
                }
            }
            broker.close();
            throw new IllegalStateException("mosquitto did not start on port " + port + ": "
                    + Files.readString(dir.resolve("mosquitto.out")));
        }

        String url() {
            return "tcp://127.0.0.1:" + port;
        }

        int port() {
            return port;
        }

        long pid() {
            return process.pid();
        }

        String version() {
            try {
                Process p = new ProcessBuilder(BINARY.toString(), "-h").redirectErrorStream(true).start();
                String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("mosquitto");
                p.waitFor(5, TimeUnit.SECONDS);
                return first.trim();
            } catch (Exception e) {
                return "mosquitto";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
