package io.tidegate.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidegate.api.StoredSample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL crash test with real processes: a child JVM ({@link CrashAppender}) appends and
 * acknowledges at full speed on a store file and is killed with SIGKILL at a random moment, again
 * and again on the same file. After every kill the file must pass {@code PRAGMA integrity_check},
 * and every sample whose append had returned must be there exactly once: still in the store, or
 * acknowledged. Per point, the values in the store and the acknowledged ones together must be
 * exactly 0..n without gaps or duplicates, n at least the last value whose append returned (a
 * batch committed just before the kill, whose return was not journaled, may add more).
 *
 * <p>The child journals on a pipe each append after it returned, and each acknowledge before it is
 * called and after it returned, so the check is exact: an acknowledge that returned must have
 * deleted its samples; one that was called but not known to return may or may not have.
 * Set {@code -Dtidegate.crash.seed=...} to replay a run.
 */
class CrashTest {
    private static final int KILLS = 20;
    private static final int THREADS = 4;
    private static final int POINTS_PER_THREAD = 10;
    private static final int MIN_DELAY_MS = 200;
    private static final int MAX_DELAY_MS = 1500;

    @TempDir
    Path dir;

    /** Per point: values acknowledged for certain (the acknowledge returned, or its samples are gone). */
    private final Map<String, BitSet> acked = new HashMap<>();
    /** Per point: highest value whose append returned, over all runs. */
    private final Map<String, Long> lastReturned = new HashMap<>();
    /** Per point: the next value the child is to append (one past the verified contiguous range). */
    private final Map<String, Long> nextSeq = new TreeMap<>();

    @Test
    void everyAcceptedSampleSurvivesSigkillExactlyOnceAndTheFileStaysIntact() throws Exception {
        long seed = Long.getLong("tidegate.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path file = dir.resolve("store.db");
        for (int t = 0; t < THREADS; t++) {
            for (int k = 0; k < POINTS_PER_THREAD; k++) {
                String point = CrashAppender.pointName(t, k);
                nextSeq.put(point, 0L);
                acked.put(point, new BitSet());
                lastReturned.put(point, -1L);
            }
        }
        long returnedAppends = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            String context = "after kill " + kill + " of " + KILLS + " (seed " + seed + ")";
            Run run = runAndKill(file, random.nextLong(), MIN_DELAY_MS + random.nextInt(MAX_DELAY_MS - MIN_DELAY_MS), context);
            returnedAppends += run.appends;
            verify(file, run, context);
        }
        long samples = nextSeq.values().stream().mapToLong(Long::longValue).sum();
        long ackedSamples = acked.values().stream().mapToLong(BitSet::cardinality).sum();
        System.out.println("CrashTest: " + KILLS + " kills, " + returnedAppends + " appends returned, " + samples
                + " samples stored, " + ackedSamples + " of them acknowledged (seed " + seed + ")");
        // The test is worthless if the child never got to append between kills.
        assertTrue(returnedAppends > KILLS, "only " + returnedAppends + " appends returned in " + KILLS + " runs");
    }

    /** What one child run journaled before it was killed. */
    private static final class Run {
        final Map<String, Set<Long>> ackIntended = new HashMap<>();
        final Map<String, Set<Long>> ackReturned = new HashMap<>();
        final Map<String, Long> lastReturned = new HashMap<>();
        final List<String> errors = new ArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        long appends;
    }

    private Run runAndKill(Path file, long childSeed, int delayMs, String context) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                CrashAppender.class.getName(),
                file.toString(), Long.toString(childSeed), Integer.toString(THREADS),
                Integer.toString(POINTS_PER_THREAD)));
        nextSeq.values().forEach(v -> command.add(Long.toString(v)));
        Path stderr = dir.resolve("child-stderr.txt");
        Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        Run run = new Run();
        Thread reader = new Thread(() -> read(child, run), "crash-journal-reader");
        reader.start();
        try {
            if (!run.started.await(30, TimeUnit.SECONDS)) {
                fail("child did not start within 30 s " + context + "; " + childOutput(run, stderr));
            }
            Thread.sleep(delayMs);
            assertTrue(child.isAlive(), "child died on its own before the kill, exit " + exitValue(child)
                    + ", " + context + "; " + childOutput(run, stderr));
        } finally {
            // SIGKILL. Through the ProcessHandle, because Process.destroyForcibly() also closes our
            // end of the pipe, which would throw away journal lines the child wrote before it died.
            child.toHandle().destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(30_000);
        }
        if (!run.errors.isEmpty()) {
            fail("child reported " + context + ": " + run.errors);
        }
        return run;
    }

    private static String exitValue(Process child) {
        try {
            return Integer.toString(child.exitValue());
        } catch (IllegalThreadStateException e) {
            return "none";
        }
    }

    private static String childOutput(Run run, Path stderr) throws IOException {
        return "journal errors " + run.errors + ", stderr: "
                + (Files.exists(stderr) ? Files.readString(stderr) : "(none)");
    }

    /** Reads the child's journal until the pipe closes; lines not ending in END were cut by the kill. */
    private static void read(Process child, Run run) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ERROR")) {
                    run.errors.add(line);
                    continue;
                }
                if (!line.endsWith(" END")) {
                    continue;
                }
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "STARTED" -> run.started.countDown();
                    case "A" -> {
                        run.appends++;
                        pairs(words, (point, seq) -> run.lastReturned.merge(point, seq, Math::max));
                    }
                    case "K" -> pairs(words, (point, seq) -> run.ackIntended.computeIfAbsent(point, p -> new HashSet<>()).add(seq));
                    case "D" -> pairs(words, (point, seq) -> run.ackReturned.computeIfAbsent(point, p -> new HashSet<>()).add(seq));
                    default -> { }
                }
            }
        } catch (IOException e) {
            run.errors.add("reading the journal failed: " + e);
        }
    }

    private interface PairSink {
        void accept(String point, long seq);
    }

    private static void pairs(String[] words, PairSink sink) {
        for (int i = 1; i < words.length - 1; i++) {
            int colon = words[i].indexOf(':');
            sink.accept(words[i].substring(0, colon), Long.parseLong(words[i].substring(colon + 1)));
        }
    }

    private void verify(Path file, Run run, String context) throws Exception {
        assertEquals("ok", SeparateConnection.queryString(file, "PRAGMA integrity_check"),
                "PRAGMA integrity_check " + context);

        // Everything still in the store, read through the store itself, without acknowledging.
        Map<String, List<Long>> present = new HashMap<>();
        long pending;
        try (SqliteSampleStore store = new SqliteSampleStore(file)) {
            pending = store.stats().pending();
            List<StoredSample> out;
            while (!(out = store.next(5_000)).isEmpty()) {
                for (StoredSample stored : out) {
                    String point = stored.sample().pointId();
                    assertTrue(nextSeq.containsKey(point), "unknown point " + point + " in the store " + context);
                    present.computeIfAbsent(point, p -> new ArrayList<>()).add(stored.sample().value().asLong());
                }
            }
        }
        long handedOut = present.values().stream().mapToLong(List::size).sum();
        assertEquals(pending, handedOut, "stats().pending() vs samples handed out on reopen " + context);

        run.lastReturned.forEach((point, seq) -> lastReturned.merge(point, seq, Math::max));
        for (String point : nextSeq.keySet()) {
            List<Long> inStore = present.getOrDefault(point, List.of());
            Set<Long> inStoreSet = new HashSet<>();
            for (long seq : inStore) {
                assertTrue(inStoreSet.add(seq), "point " + point + " seq " + seq
                        + " is in the store more than once " + context);
            }
            for (int i = 1; i < inStore.size(); i++) {
                assertTrue(inStore.get(i) > inStore.get(i - 1), "point " + point + " handed out " + inStore.get(i)
                        + " after " + inStore.get(i - 1) + " (not in append order) " + context);
            }
            BitSet pointAcked = acked.get(point);
            for (long seq : inStoreSet) {
                assertTrue(!pointAcked.get((int) seq), "point " + point + " seq " + seq
                        + " was acknowledged (the acknowledge returned) but is still in the store " + context);
            }
            // This run's acknowledges: the returned ones must have deleted their samples; the ones
            // called but not known to return count as acknowledged exactly when the sample is gone.
            for (long seq : run.ackReturned.getOrDefault(point, Set.of())) {
                assertTrue(!inStoreSet.contains(seq), "point " + point + " seq " + seq
                        + " was acknowledged (the acknowledge returned) but is still in the store " + context);
                assertTrue(!pointAcked.get((int) seq), "point " + point + " seq " + seq
                        + " was acknowledged twice: handed out again after an earlier acknowledge returned " + context);
                pointAcked.set((int) seq);
            }
            for (long seq : run.ackIntended.getOrDefault(point, Set.of())) {
                if (!inStoreSet.contains(seq) && !run.ackReturned.getOrDefault(point, Set.of()).contains(seq)) {
                    assertTrue(!pointAcked.get((int) seq), "point " + point + " seq " + seq
                            + " was acknowledged twice: handed out again after an earlier acknowledge " + context);
                    pointAcked.set((int) seq);
                }
            }
            // Present and acknowledged together: exactly 0..n, n >= last returned append.
            long max = -1;
            for (long seq : inStoreSet) {
                max = Math.max(max, seq);
            }
            max = Math.max(max, pointAcked.length() - 1);
            long total = inStoreSet.size() + pointAcked.cardinality();
            if (total != max + 1) {
                List<Long> missing = new ArrayList<>();
                for (long seq = 0; seq <= max && missing.size() < 10; seq++) {
                    if (!inStoreSet.contains(seq) && !pointAcked.get((int) seq)) {
                        missing.add(seq);
                    }
                }
                fail("point " + point + ": values in the store plus acknowledged ones are not 0.." + max
                        + " without gaps; missing " + missing + " (first 10) " + context);
            }
            long returned = lastReturned.get(point);
            assertTrue(max >= returned, "point " + point + ": append of seq " + returned
                    + " had returned, but the store and the acknowledged values end at " + max
                    + (max < 0 ? " (nothing)" : "") + "; lost " + (returned - max) + " accepted samples " + context);
            nextSeq.put(point, max + 1);
        }
    }
}
