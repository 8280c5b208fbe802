package io.tidegate.bench;

import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DeviceSession;
import io.tidegate.api.Point;
import io.tidegate.api.Sample;
import io.tidegate.driver.modbus.Area;
import io.tidegate.driver.modbus.ModbusAddress;
import io.tidegate.driver.modbus.ModbusSettings;
import io.tidegate.driver.modbus.WordOrder;
import io.tidegate.driver.modbus.internal.ModbusTool;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Modbus benchmarks (bench/run-modbus.sh):
 * <ul>
 *   <li>{@code plan}: requests and bytes per poll of a 200-point pump-station map, against one
 *       request per point and against the exact minimum (dynamic programming) for the same gap;</li>
 *   <li>{@code scale DEVICES POINTS INTERVAL_MS SECONDS}: that many Modbus TCP devices polled
 *       through the driver's sessions, each on its own thread as the engine does, against a j2mod
 *       slave in a separate process; reports gateway-side CPU and missed deadlines;</li>
 *   <li>{@code server PORT}: the slave process for {@code scale}.</li>
 * </ul>
 */
public final class ModbusBench {
    private ModbusBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "plan" : args[0]) {
            case "plan" -> plan();
            case "scale" -> scale(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "server" -> server(Integer.parseInt(args[1]));
            case "rtu" -> rtu(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("usage: plan | scale DEVICES POINTS INTERVAL_MS SECONDS");
        }
    }

    // ---- plan ------------------------------------------------------------------------------------

    private static void plan() {
        List<Point> points = PumpStationMap.points();
        System.out.println("200-point pump-station map, one poll of every point (TCP bytes = MBAP frames, RTU"
                + " bytes = RTU frames; requests and responses)");
        System.out.printf("%-34s %9s %10s %10s%n", "strategy", "requests", "TCP bytes", "RTU bytes");
        ModbusSettings base = settings(10);
        row("one request per point (baseline)", ModbusTool.stats(points, base, true));
        for (int gap : new int[] {0, 10, 20, 50}) {
            ModbusTool.PlanStats planned = ModbusTool.stats(points, settings(gap), false);
            row("Tidegate planner, maxGap " + gap, planned);
            long[] min = minimum(points, gap);
            System.out.printf("%-34s %9d %10d %10d%n", "  exact minimum, maxGap " + gap, min[0], min[1], min[2]);
        }
        long[] floor = minimum(points, 65535);
        System.out.printf("%-34s %9d %10d %10d%n", "fewest possible (any gap)", floor[0], floor[1], floor[2]);
    }

    private static ModbusSettings settings(int gap) {
        return ModbusSettings.parse("modbus-tcp", Map.of("host", "h", "maxGap", Integer.toString(gap)));
    }

    private static void row(String name, ModbusTool.PlanStats s) {
        System.out.printf("%-34s %9d %10d %10d%n", name, s.requests(), s.tcpBytes(), s.rtuBytes());
    }

    /**
     * The exact minimum requests (and, separately, bytes) for the points under a gap limit and the
     * protocol limits, by dynamic programming over each area's points sorted by address: an
     * independent check that the greedy planner is optimal.
     *
     * @return {requests, TCP bytes, RTU bytes}
     */
    static long[] minimum(List<Point> points, int maxGap) {
        long requests = 0;
        long tcp = 0;
        long rtu = 0;
        for (Area area : Area.values()) {
            List<ModbusAddress> as = new ArrayList<>();
            for (Point p : points) {
                ModbusAddress a = ModbusAddress.parse(p.address(), p.type(), 0, WordOrder.ABCD);
                if (a.area() == area) {
                    as.add(a);
                }
            }
            as.sort(Comparator.comparingInt(ModbusAddress::offset).thenComparingInt(ModbusAddress::lastOffset));
            int limit = area.isBits() ? ModbusAddress.MAX_BITS : ModbusAddress.MAX_REGISTERS;
            int n = as.size();
            long[] fewest = new long[n + 1];
            long[] tcpBytes = new long[n + 1];
            long[] rtuBytes = new long[n + 1];
            Arrays.fill(fewest, Long.MAX_VALUE / 2);
            Arrays.fill(tcpBytes, Long.MAX_VALUE / 2);
            Arrays.fill(rtuBytes, Long.MAX_VALUE / 2);
            fewest[0] = 0;
            tcpBytes[0] = 0;
            rtuBytes[0] = 0;
            for (int i = 1; i <= n; i++) {
                // block = as[j..i-1]
                int end = as.get(i - 1).lastOffset();
                for (int j = i - 1; j >= 0; j--) {
                    int start = as.get(j).offset();
                    end = Math.max(end, as.get(j).lastOffset());
                    if (end - start + 1 > limit) {
                        break;
                    }
                    if (!gapsWithin(as, j, i, maxGap)) {
                        break;
                    }
                    int count = end - start + 1;
                    int data = area.isBits() ? (count + 7) / 8 : 2 * count;
                    fewest[i] = Math.min(fewest[i], fewest[j] + 1);
                    tcpBytes[i] = Math.min(tcpBytes[i], tcpBytes[j] + (7 + 5) + (7 + 2 + data));
                    rtuBytes[i] = Math.min(rtuBytes[i], rtuBytes[j] + (3 + 5) + (3 + 2 + data));
                }
            }
            requests += fewest[n];
            tcp += tcpBytes[n];
            rtu += rtuBytes[n];
        }
        return new long[] {requests, tcp, rtu};
    }

    private static boolean gapsWithin(List<ModbusAddress> as, int from, int to, int maxGap) {
        int end = as.get(from).lastOffset();
        for (int k = from + 1; k < to; k++) {
            if (as.get(k).offset() - end - 1 > maxGap) {
                return false;
            }
            end = Math.max(end, as.get(k).lastOffset());
        }
        return true;
    }

    // ---- rtu -------------------------------------------------------------------------------------

    /**
     * Polls one unit for {@code registers} holding registers as fast as the driver allows on a
     * serial line at 8N2, and compares the rate with the framing limit of that baud rate: request
     * and answer characters plus a t3.5 gap after each frame.
     */
    private static void rtu(String port, int baud, int registers, int seconds) throws Exception {
        ModbusSettings s = ModbusSettings.parse("modbus-rtu", Map.of("serialPort", port, "baud", Integer.toString(baud),
                "parity", "none", "unit", "1", "timeout", "500ms", "retries", "0"));
        List<Point> points = List.of(Point.simple("r", "rtu", "hr:0[" + registers + "]", DataType.STRING,
                Duration.ofSeconds(1)));
        DeviceSession session = ModbusTool.session(new Device("rtu", "modbus-rtu", Map.of("serialPort", port, "baud",
                Integer.toString(baud), "parity", "none", "unit", "1", "timeout", "500ms", "retries", "0"), points));
        for (int i = 0; i < 20; i++) {
            session.read(points); // warm up
        }
        long polls = 0;
        long bad = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            if (!session.read(points).get(0).quality().isGood()) {
                bad++;
            }
            polls++;
        }
        double rate = polls / ((System.nanoTime() - t0) / 1e9);
        int chars = 8 + 5 + 2 * registers;
        double wire = chars * s.bitsPerCharacter() / (double) baud;
        double t35 = s.t35Nanos() / 1e9;
        // The specification's limit: the slave may answer only after t3.5 of silence ends the
        // request, and the master sends again only after t3.5 of silence ends the answer. A slave
        // that answers sooner (pymodbus does) can beat it, so the limit with an instant answer
        // (only the master's t3.5) is printed too.
        double limit = 1.0 / (wire + 2 * t35);
        double instantLimit = 1.0 / (wire + t35);
        System.out.printf("RTU %d baud 8N2, %d registers per poll: %.1f polls/s (%d bad); framing limit %.1f polls/s"
                + " (%d characters + 2 x t3.5 per poll); %.0f%% of the limit; %.0f%% of %.1f polls/s (instant"
                + " answer: %d characters + 1 x t3.5)%n", baud, registers, rate, bad, limit, chars, 100 * rate / limit,
                100 * rate / instantLimit, instantLimit, chars);
        session.close();
    }

    // ---- scale -----------------------------------------------------------------------------------

    /** 30 points in 41 holding registers: floats, words, 32-bit counters and status bits. */
    static List<Point> devicePoints(String device, int count) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String address;
            DataType type;
            if (i < 10) {
                address = "hr:" + (2 * i);
                type = DataType.FLOAT32;
            } else if (i < 20) {
                address = "hr:" + (10 + i);
                type = DataType.UINT16;
            } else if (i < 25) {
                address = "hr:" + (30 + 2 * (i - 20)) + ":CDAB";
                type = DataType.INT32;
            } else {
                address = "hr:40." + (i - 25);
                type = DataType.BOOL;
            }
            points.add(Point.simple(device + "/p" + i, device, address, type, Duration.ofSeconds(1)));
        }
        return points;
    }

    private static void server(int port) throws Exception {
        SimpleProcessImage image = new SimpleProcessImage(1);
        for (int i = 0; i < 64; i++) {
            image.addRegister(new SimpleRegister(i * 7));
            image.addInputRegister(new SimpleInputRegister(i));
            image.addDigitalOut(new SimpleDigitalOut(i % 2 == 0));
            image.addDigitalIn(new SimpleDigitalIn(i % 3 == 0));
        }
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 1100, false);
        slave.addProcessImage(1, image);
        slave.open();
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void scale(int devices, int pointsPerDevice, int intervalMillis, int seconds) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ModbusBench.class.getName(), "server", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            awaitPort(port);
            List<DeviceSession> sessions = new ArrayList<>();
            List<List<Point>> pointLists = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                String id = "dev" + d;
                List<Point> points = devicePoints(id, pointsPerDevice);
                pointLists.add(points);
                sessions.add(ModbusTool.session(new Device(id, "modbus-tcp", Map.of("host", "127.0.0.1", "port",
                        Integer.toString(port), "unit", "1", "timeout", "1s", "retries", "0"), points)));
            }
            AtomicLong polls = new AtomicLong();
            AtomicLong missed = new AtomicLong();
            AtomicLong badSamples = new AtomicLong();
            long[] latencies = new long[2_000_000];
            AtomicLong latencyCount = new AtomicLong();
            long intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
            java.util.concurrent.atomic.AtomicBoolean measuring = new java.util.concurrent.atomic.AtomicBoolean();
            Map<String, AtomicLong> badReasons = new java.util.concurrent.ConcurrentHashMap<>();
            List<ScheduledThreadPoolExecutor> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int d = 0; d < devices; d++) {
                DeviceSession session = sessions.get(d);
                List<Point> points = pointLists.get(d);
                ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1);
                threads.add(thread);
                // spread the first polls over one interval, as devices start at different moments
                long first = start + intervalNanos * d / devices;
                schedule(thread, first, intervalNanos, () -> {
                    long t0 = System.nanoTime();
                    List<Sample> samples;
                    try {
                        samples = session.read(points);
                    } catch (Exception e) {
                        samples = List.of();
                        if (measuring.get()) {
                            badSamples.addAndGet(points.size());
                            badReasons.computeIfAbsent(String.valueOf(e.getMessage()), k -> new AtomicLong())
                                    .incrementAndGet();
                        }
                    }
                    long took = System.nanoTime() - t0;
                    if (measuring.get()) {
                        polls.incrementAndGet();
                        for (Sample s : samples) {
                            if (!s.quality().isGood()) {
                                badSamples.incrementAndGet();
                                String detail = s.quality().detail();
                                badReasons.computeIfAbsent(detail.substring(detail.indexOf(':') + 1).trim(),
                                        k -> new AtomicLong()).incrementAndGet();
                            }
                        }
                        long i = latencyCount.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[(int) i] = took;
                        }
                    }
                    return took;
                }, missed, measuring);
            }
            Thread.sleep(5_000);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long serverCpu0 = processCpuNanos(server.pid());
            long wall0 = System.nanoTime();
            measuring.set(true);
            Thread.sleep(seconds * 1000L);
            measuring.set(false);
            long cpu = os.getProcessCpuTime() - cpu0;
            long serverCpu = processCpuNanos(server.pid()) - serverCpu0;
            long wall = System.nanoTime() - wall0;
            threads.forEach(ScheduledThreadPoolExecutor::shutdownNow);
            long n = Math.min(latencyCount.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, (int) n);
            Arrays.sort(sorted);
            long expected = (long) devices * seconds * 1000L / intervalMillis;
            System.out.printf("%d devices x %d points every %d ms for %d s: %d polls (%d due), %d missed deadlines,"
                            + " %d bad samples; gateway CPU %.1f%% of one core; slave CPU %.1f%%;"
                            + " poll latency p50 %.2f ms, p99 %.2f ms%n",
                    devices, pointsPerDevice, intervalMillis, seconds, polls.get(), expected, missed.get(),
                    badSamples.get(), 100.0 * cpu / wall, 100.0 * serverCpu / wall,
                    n == 0 ? 0 : sorted[(int) (n / 2)] / 1e6, n == 0 ? 0 : sorted[(int) (n * 99 / 100)] / 1e6);
            badReasons.forEach((reason, count) -> System.out.println("  bad: " + count + " x " + reason));
            sessions.forEach(DeviceSession::close);
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    interface Poll {
        long run();
    }

    /**
     * The engine's scheduling: each poll is due one interval after the previous one was due; a
     * poll that starts later than its own due time plus one interval, or takes longer than an
     * interval, has missed its deadline.
     */
    private static void schedule(ScheduledThreadPoolExecutor thread, long due, long interval, Poll poll,
                                 AtomicLong missed, java.util.concurrent.atomic.AtomicBoolean measuring) {
        long delay = Math.max(0, due - System.nanoTime());
        try {
            thread.schedule(() -> {
                long started = System.nanoTime();
                long took = poll.run();
                if (measuring.get() && started - due + took > interval) {
                    missed.incrementAndGet();
                }
                long next = due + interval;
                schedule(thread, Math.max(next, System.nanoTime()), interval, poll, missed, measuring);
            }, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // the run is over
        }
    }

    private static long processCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 10_000_000L; // USER_HZ = 100 on Linux
        } catch (Exception e) {
            return 0;
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Modbus slave did not start on port " + port);
    }
}
