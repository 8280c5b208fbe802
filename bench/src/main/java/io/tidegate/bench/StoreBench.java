package io.tidegate.bench;

import io.tidegate.api.DataType;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import io.tidegate.store.internal.SqliteSampleStore;
import io.tidegate.store.internal.SynchronousMode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durable ingest of the SQLite store (group commit) against a Kura-style baseline, side by side in
 * one run on the same disk. Each configuration gets a fresh database file, a warm-up, then
 * {@code rounds} timed rounds; the table shows medians over the rounds.
 *
 * <p>System properties: {@code bench.dir} (default target/store-bench), {@code bench.warmupSeconds}
 * (2), {@code bench.rounds} (5), {@code bench.roundSeconds} (2), {@code bench.batch} (100),
 * {@code bench.points} (50).
 */
public final class StoreBench {
    private static final long T0 = 1_763_700_000_000L;

    private final Path dir;
    private final double warmupSeconds = Double.parseDouble(System.getProperty("bench.warmupSeconds", "2"));
    private final int rounds = Integer.getInteger("bench.rounds", 5);
    private final double roundSeconds = Double.parseDouble(System.getProperty("bench.roundSeconds", "2"));
    private final int batchSize = Integer.getInteger("bench.batch", 100);
    private final int points = Integer.getInteger("bench.points", 50);
    private final String[] pointNames;

    /** One line of the summary. */
    record Result(String name, int threads, double[] perSecond, double bytesPerSample, long stored,
                  long p50Micros, long p99Micros) {
        double median() {
            return StoreBench.median(perSecond);
        }
    }

    private StoreBench(Path dir) {
        this.dir = dir;
        pointNames = new String[points];
        for (int k = 0; k < points; k++) {
            pointNames[k] = "station" + (k / 10) + "/analog_" + k;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("bench.dir", "target/store-bench")).toAbsolutePath();
        new StoreBench(dir).run();
    }

    private void run() throws Exception {
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "Store ingest benchmark: %s, %d cores, Java %s%n", dir,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "batches of %d FLOAT32 samples over %d points; warm-up %.0f s, %d rounds x %.1f s,"
                + " medians over rounds%n%n", batchSize, points, warmupSeconds, rounds, roundSeconds);

        List<Result> results = new ArrayList<>();
        results.add(baseline());
        for (int threads : new int[] {1, 4, 16}) {
            results.add(ours(threads, SynchronousMode.FULL));
        }
        results.add(ours(4, SynchronousMode.NORMAL));
        print(results);
    }

    // ---- ours ----------------------------------------------------------------------------

    /**
     * The store's default housekeeping; {@code -Dbench.hkEvery=N} runs it every N transactions and
     * {@code -Dbench.hkGapMillis=M} at most every M ms instead (0: the default before the gap).
     */
    private static SqliteSampleStore.Housekeeping housekeeping() {
        SqliteSampleStore.Housekeeping d = SqliteSampleStore.Housekeeping.DEFAULT;
        return new SqliteSampleStore.Housekeeping(Integer.getInteger("bench.hkEvery", d.everyTransactions()),
                d.intervalMillis(), d.freePagesThreshold(), d.walSizeLimitBytes(),
                Long.getLong("bench.hkGapMillis", d.minGapMillis()));
    }

    private Result ours(int threads, SynchronousMode synchronous) throws Exception {
        String name = "tidegate group commit, " + synchronous;
        Path file = fresh("tidegate-" + synchronous.name().toLowerCase(Locale.ROOT) + "-" + threads + "t.db");
        SqliteSampleStore store = new SqliteSampleStore(file,
                new SqliteSampleStore.Settings(20, 10_000, synchronous, housekeeping()));
        LongAdder done = new LongAdder();
        long[][] latencies = new long[threads][];
        int[] latencyCounts = new int[threads];
        Phase phase = new Phase();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> appenders = new ArrayList<>();
        CountDownLatch finished = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            latencies[t] = new long[1 << 16];
            Thread appender = new Thread(() -> {
                try {
                    long seq = 0;
                    while (!phase.stop) {
                        List<Sample> batch = new ArrayList<>(batchSize);
                        for (int i = 0; i < batchSize; i++, seq++) {
                            int k = (int) ((seq + thread) % points);
                            batch.add(Sample.good(pointNames[k],
                                    Value.of(DataType.FLOAT32, 20 + (seq % 977) * 0.013), T0 + seq * 10));
                        }
                        boolean record = phase.recording;
                        long start = System.nanoTime();
                        store.append(batch);
                        long took = System.nanoTime() - start;
                        done.add(batchSize);
                        if (record) {
                            if (latencyCounts[thread] == latencies[thread].length) {
                                latencies[thread] = Arrays.copyOf(latencies[thread], latencyCounts[thread] * 2);
                            }
                            latencies[thread][latencyCounts[thread]++] = took;
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.countDown();
                }
            }, "appender-" + t);
            appenders.add(appender);
        }
        appenders.forEach(Thread::start);
        double[] perSecond = measure(done, phase, failure);
        finished.await();
        for (Thread appender : appenders) {
            appender.join();
        }
        long stored = store.stats().appended();
        store.close(); // checkpoints and removes the WAL
        rethrow(failure);
        long[] all = merge(latencies, latencyCounts);
        Result result = new Result(name, threads, perSecond, bytesPerSample(file, stored), stored,
                percentile(all, 0.50) / 1000, percentile(all, 0.99) / 1000);
        progress(result);
        return result;
    }

    // ---- baseline ------------------------------------------------------------------------

    private Result baseline() throws Exception {
        Path file = fresh("kura-style.db");
        KuraStyleBaseline store = new KuraStyleBaseline(file);
        LongAdder done = new LongAdder();
        Phase phase = new Phase();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] latencies = new long[1 << 16];
        int[] count = new int[1];
        Thread appender = new Thread(() -> {
            try {
                long seq = 0;
                while (!phase.stop) {
                    int k = (int) (seq % points);
                    byte[] payload = kuraPayload(pointNames[k], (float) (20 + (seq % 977) * 0.013), T0 + seq * 10);
                    boolean record = phase.recording;
                    long start = System.nanoTime();
                    store.store("tidegate/" + pointNames[k], payload, T0 + seq * 10);
                    long took = System.nanoTime() - start;
                    done.increment();
                    seq++;
                    if (record && count[0] < latencies.length) {
                        latencies[count[0]++] = took;
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "baseline");
        appender.start();
        double[] perSecond = measure(done, phase, failure);
        appender.join();
        rethrow(failure);
        store.checkpoint();
        long stored = done.sum();
        store.close();
        long[] all = Arrays.copyOf(latencies, count[0]);
        Arrays.sort(all);
        Result result = new Result("Kura-style: INSERT per msg + COUNT(*)", 1, perSecond,
                bytesPerSample(file, stored), stored, percentile(all, 0.50) / 1000, percentile(all, 0.99) / 1000);
        progress(result);
        return result;
    }

    /**
     * Roughly what a KuraPayload with one metric weighs as protobuf: timestamp, metric name,
     * type, float value. The baseline's message is one sample.
     */
    private static byte[] kuraPayload(String metric, float value, long timestamp) {
        byte[] name = metric.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(2 + 8 + 4 + name.length + 2 + 5);
        buffer.put((byte) 0x08).put((byte) 0x00).putLong(timestamp);
        buffer.put((byte) 0x2a).put((byte) (name.length + 9)).put((byte) 0x0a).put((byte) name.length).put(name);
        buffer.put((byte) 0x10).put((byte) 0x01).put((byte) 0x25).putFloat(value);
        return buffer.array();
    }

    // ---- measurement ---------------------------------------------------------------------

    /** Shared between the timing thread and the workers. */
    private static final class Phase {
        volatile boolean recording;
        volatile boolean stop;
    }

    /** Warm-up, then the rounds; returns samples/s per round and stops the workers. */
    private double[] measure(LongAdder done, Phase phase, AtomicReference<Throwable> failure) throws Exception {
        try {
            sleep(warmupSeconds, failure);
            phase.recording = true;
            double[] perSecond = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long before = done.sum();
                long start = System.nanoTime();
                sleep(roundSeconds, failure);
                long after = done.sum();
                perSecond[r] = (after - before) / ((System.nanoTime() - start) / 1e9);
            }
            return perSecond;
        } finally {
            phase.recording = false;
            phase.stop = true;
        }
    }

    private static void sleep(double seconds, AtomicReference<Throwable> failure) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            rethrow(failure);
            Thread.sleep(Math.max(1, Math.min(50, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    private static void rethrow(AtomicReference<Throwable> failure) throws Exception {
        Throwable e = failure.get();
        if (e != null) {
            throw new IllegalStateException("a benchmark thread failed: " + e, e);
        }
    }

    private Path fresh(String name) throws IOException {
        Path file = dir.resolve(name);
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        return file;
    }

    private static double bytesPerSample(Path file, long stored) throws IOException {
        long size = Files.size(file);
        Path wal = Path.of(file + "-wal");
        if (Files.exists(wal)) {
            size += Files.size(wal);
        }
        return stored == 0 ? Double.NaN : (double) size / stored;
    }

    private static long[] merge(long[][] perThread, int[] counts) {
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int t = 0; t < perThread.length; t++) {
            System.arraycopy(perThread[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return all;
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void progress(Result r) {
        System.out.printf(Locale.ROOT, "  done: %-40s %2d thr  rounds %s samples/s%n", r.name(), r.threads(),
                Arrays.toString(Arrays.stream(r.perSecond()).mapToLong(Math::round).toArray()));
    }

    private static void print(List<Result> results) {
        double baseline = results.get(0).median();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-40s %4s %13s %9s %8s %9s %9s %10s%n", "configuration", "thr",
                "samples/s", "vs base", "min-max%", "p50 us", "p99 us", "bytes/smp");
        for (Result r : results) {
            double[] sorted = r.perSecond().clone();
            Arrays.sort(sorted);
            double spread = 100 * (sorted[sorted.length - 1] - sorted[0]) / r.median();
            System.out.printf(Locale.ROOT, "%-40s %4d %13.0f %8.1fx %7.0f%% %9d %9d %10.1f%n", r.name(), r.threads(),
                    r.median(), r.median() / baseline, spread, r.p50Micros(), r.p99Micros(), r.bytesPerSample());
        }
        System.out.println();
        System.out.println("samples/s: median over rounds; vs base: ours / Kura-style baseline (1 sample per message);");
        System.out.println("p50/p99: latency of one append call (ours: a batch; baseline: one message), timed rounds only;");
        System.out.println("bytes/smp: database file (+ WAL, after checkpoint) / samples stored in that configuration.");
    }
}
