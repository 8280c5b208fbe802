package io.tidegate.store.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The child process of {@link CrashTest}: appends and consumes at full speed until it is killed.
 *
 * <p>Arguments: {@code <db file> <seed> <threads> <points per thread> <next seq of t0p0> <next seq
 * of t0p1> ...} (one start value per point, thread-major). Each appender thread owns its points and
 * appends each point's values start, start+1, ... (INT64) in batches of random size 1..200.
 *
 * <p>Journal on stdout, one line per event, each written with a single unbuffered write and ending
 * in {@code END} so that a line cut by the kill is recognisable:
 * <ul>
 * <li>{@code STARTED END} once the store is open and the threads run;</li>
 * <li>{@code A point:lastSeq ... END} after an append has <em>returned</em>;</li>
 * <li>{@code K point:seq ... END} before acknowledge is called (intent);</li>
 * <li>{@code D point:seq ... END} after acknowledge has returned;</li>
 * <li>{@code ERROR ...} when something the store promised did not hold (then the child exits).</li>
 * </ul>
 */
public final class CrashAppender {
    private static final OutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private CrashAppender() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        int pointsPerThread = Integer.parseInt(args[3]);
        // Strictly oldest first, so the journal can check append order across the whole run.
        SqliteSampleStore store = new SqliteSampleStore(file, SqliteSampleStore.Settings.DEFAULT.withLiveSplitRows(0));
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] next = new long[pointsPerThread];
            for (int k = 0; k < pointsPerThread; k++) {
                next[k] = Long.parseLong(args[4 + t * pointsPerThread + k]);
            }
            int thread = t;
            Random random = new Random(seed * 31 + t);
            workers.add(new Thread(() -> append(store, thread, next, random), "appender-" + t));
        }
        workers.add(new Thread(() -> consume(store, new Random(seed * 31 + threads)), "consumer"));
        workers.forEach(Thread::start);
        line("STARTED END");
        for (Thread worker : workers) {
            worker.join();
        }
    }

    static String pointName(int thread, int k) {
        return "t" + thread + "p" + k;
    }

    private static void append(SqliteSampleStore store, int thread, long[] next, Random random) {
        try {
            while (true) {
                int size = 1 + random.nextInt(200);
                List<Sample> batch = new ArrayList<>(size);
                Map<Integer, Long> last = new HashMap<>();
                for (int i = 0; i < size; i++) {
                    int k = random.nextInt(next.length);
                    long seq = next[k]++;
                    batch.add(Sample.good(pointName(thread, k), Value.of(DataType.INT64, seq), seq));
                    last.put(k, seq);
                }
                store.append(batch);
                StringBuilder sb = new StringBuilder("A");
                last.forEach((k, seq) -> sb.append(' ').append(pointName(thread, k)).append(':').append(seq));
                line(sb.append(" END").toString());
            }
        } catch (Throwable e) {
            fail("appender " + thread + " failed: " + e);
        }
    }

    private static void consume(SqliteSampleStore store, Random random) {
        Map<String, Long> lastHandedOut = new HashMap<>();
        try {
            while (true) {
                List<StoredSample> out = store.next(1 + random.nextInt(2_000));
                if (out.isEmpty()) {
                    Thread.sleep(2);
                    continue;
                }
                StringBuilder pairs = new StringBuilder();
                List<Long> ids = new ArrayList<>(out.size());
                for (StoredSample stored : out) {
                    String point = stored.sample().pointId();
                    long seq = stored.sample().value().asLong();
                    Long previous = lastHandedOut.put(point, seq);
                    if (previous != null && seq <= previous) {
                        fail("handed out " + point + ":" + seq + " after " + point + ":" + previous
                                + " (not in append order, or twice)");
                    }
                    pairs.append(' ').append(point).append(':').append(seq);
                    ids.add(stored.id());
                }
                line("K" + pairs + " END");
                store.acknowledge(ids);
                line("D" + pairs + " END");
            }
        } catch (Throwable e) {
            fail("consumer failed: " + e);
        }
    }

    private static void fail(String message) {
        try {
            line("ERROR " + message);
        } finally {
            Runtime.getRuntime().halt(3);
        }
    }

    /** One write system call per line, so the parent sees whole lines of every event that happened. */
    private static void line(String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (OUT) {
            try {
                OUT.write(bytes);
            } catch (IOException e) {
                Runtime.getRuntime().halt(4);
            }
        }
    }
}
