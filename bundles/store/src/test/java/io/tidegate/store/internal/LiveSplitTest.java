package io.tidegate.store.internal;

import static io.tidegate.store.contract.TestSamples.idsOf;
import static io.tidegate.store.contract.TestSamples.samples;
import static io.tidegate.store.contract.TestSamples.samplesOf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Lane;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After an outage, live readings go out ahead of the backlog, so the operator sees the present
 * while the backlog drains; per point, order is kept within the backlog and within the live rows,
 * and once the backlog is out the queue is plain oldest-first again.
 */
class LiveSplitTest {
    private static final int BACKLOG = 300;

    @TempDir
    Path dir;

    private SqliteSampleStore open() throws Exception {
        return new SqliteSampleStore(dir.resolve("store.db"), SqliteSampleStore.Settings.DEFAULT.withLiveSplitRows(100));
    }

    @Test
    void liveRowsAppendedDuringTheDrainGoOutFirstAndEachRangeKeepsItsOrder() throws Exception {
        try (SqliteSampleStore store = open()) {
            store.append(samples("level", 0, BACKLOG)); // buffered during the outage

            List<Sample> sent = new ArrayList<>();
            List<StoredSample> first = store.next(50); // the uplink is back: the backlog is split off
            sent.addAll(samplesOf(first));
            store.append(samples("level", BACKLOG, BACKLOG + 5)); // live readings meanwhile
            store.append(samples("alarm", 0, 1), Lane.PRIORITY);
            List<StoredSample> second = store.next(50);

            assertEquals(samples("level", 0, 50), samplesOf(first), "the backlog starts oldest first");
            List<Sample> expected = new ArrayList<>(samples("alarm", 0, 1));
            expected.addAll(samples("level", BACKLOG, BACKLOG + 5)); // live, ahead of the rest of the backlog
            expected.addAll(samples("level", 50, 94));
            assertEquals(expected, samplesOf(second));
            assertEquals(List.of(false, false, false, false, false, false), second.subList(0, 6).stream()
                    .map(StoredSample::backlog).toList(), "the alarm and the live readings are current");
            assertTrue(second.subList(6, second.size()).stream().allMatch(StoredSample::backlog),
                    "the backlog handed out behind them is marked, so the uplink flags it historical");

            store.acknowledge(idsOf(first));
            store.acknowledge(idsOf(second));
            store.append(samples("level", BACKLOG + 5, BACKLOG + 8));
            List<Sample> rest = samplesOf(store.next(Integer.MAX_VALUE));
            List<Sample> expectedRest = new ArrayList<>(samples("level", BACKLOG + 5, BACKLOG + 8));
            expectedRest.addAll(samples("level", 94, BACKLOG));
            assertEquals(expectedRest, rest, "live first again, then the backlog's remainder");
        }
    }

    @Test
    void onceTheBacklogIsOutTheQueueIsOldestFirstAgain() throws Exception {
        try (SqliteSampleStore store = open()) {
            store.append(samples("level", 0, BACKLOG));
            List<StoredSample> backlog = store.next(10);
            store.append(samples("level", BACKLOG, BACKLOG + 3));
            backlog.addAll(store.next(Integer.MAX_VALUE));
            store.acknowledge(idsOf(backlog));

            store.append(samples("level", BACKLOG + 3, BACKLOG + 6));
            store.append(samples("level", BACKLOG + 6, BACKLOG + 9));

            assertEquals(samples("level", BACKLOG + 3, BACKLOG + 9), samplesOf(store.next(Integer.MAX_VALUE)));
        }
    }

    @Test
    void whenTheLinkDropsAgainBeforeTheBacklogIsOutNothingOlderIsSentAfterNewer() throws Exception {
        try (SqliteSampleStore store = open()) {
            store.append(samples("level", 0, BACKLOG));
            List<StoredSample> sent = new ArrayList<>(store.next(10)); // split at BACKLOG - 1
            store.append(samples("level", BACKLOG, BACKLOG + 5));
            sent.addAll(store.next(10)); // 5 live, then 5 more of the backlog
            store.append(samples("level", BACKLOG + 5, BACKLOG + 400)); // the link drops again: live lags

            List<StoredSample> rest = new ArrayList<>(store.next(Integer.MAX_VALUE));
            rest.addAll(store.next(Integer.MAX_VALUE));

            // The old backlog first, then the lagging live rows as a further backlog range: each
            // point's history and present each stay in order, nothing skipped.
            List<Sample> expected = new ArrayList<>(samples("level", 15, BACKLOG));
            expected.addAll(samples("level", BACKLOG + 5, BACKLOG + 400));
            assertEquals(values(expected), values(samplesOf(rest)));
            int oldBacklog = BACKLOG - 15;
            assertTrue(rest.subList(0, oldBacklog).stream().allMatch(StoredSample::backlog),
                    "older than the live readings already sent: history");
            assertTrue(rest.subList(oldBacklog, rest.size()).stream().noneMatch(StoredSample::backlog),
                    "newer than anything sent: they continue the present in order (an uplink that reconnected"
                            + " meanwhile flags them historical by their time)");
        }
    }

    private static List<Long> values(List<Sample> samples) {
        return samples.stream().map(s -> s.value().asLong()).toList();
    }

    @Test
    void aShortQueueAfterARestartGoesOutOldestFirstUnmarked() throws Exception {
        try (SqliteSampleStore store = open()) {
            store.append(samples("level", 0, 5000));
            store.acknowledge(idsOf(store.next(Integer.MAX_VALUE)));
            store.append(samples("level", 5000, 5005)); // 5 rows wait, with ids far above 0
        }
        try (SqliteSampleStore store = open()) {
            store.append(samples("level", 5005, 5007));
            List<StoredSample> out = store.next(Integer.MAX_VALUE);
            assertEquals(samples("level", 5000, 5007), samplesOf(out), "oldest first: no split for 7 rows");
            assertTrue(out.stream().noneMatch(StoredSample::backlog));
        }
    }

    @Test
    void aBurstTakenJustNowIsAMomentsQueueNotABacklog() throws Exception {
        // A fast site queues more rows than the threshold in one go (10,000 OPC UA items in one
        // publish), but they were read just now: handed out oldest first, nothing held back.
        long now = System.currentTimeMillis();
        try (SqliteSampleStore store = open()) {
            store.append(fresh("level", 0, BACKLOG, now));
            List<StoredSample> first = store.next(10);
            store.append(fresh("level", BACKLOG, BACKLOG + 5, now + 100));
            List<StoredSample> rest = store.next(Integer.MAX_VALUE);

            List<Long> expected = java.util.stream.LongStream.range(10, BACKLOG + 5).boxed().toList();
            assertEquals(expected, values(samplesOf(rest)), "oldest first: no split for a moment's queue");
            assertTrue(first.stream().noneMatch(StoredSample::backlog) && rest.stream().noneMatch(StoredSample::backlog),
                    "nothing is history");
        }
    }

    /** Samples i of a point taken at {@code time}, 1 ms apart. */
    private static List<Sample> fresh(String point, int from, int toExclusive, long time) {
        return java.util.stream.IntStream.range(from, toExclusive)
                .mapToObj(i -> Sample.good(point, io.tidegate.api.Value.of(io.tidegate.api.DataType.INT32, i), time + i))
                .toList();
    }

    @Test
    void aRowReleasedAfterNewerOnesWentOutIsMarked() throws Exception {
        try (SqliteSampleStore store = open()) {
            store.append(samples("level", 0, 3));
            List<StoredSample> first = store.next(1);
            List<StoredSample> second = store.next(2);
            store.release(idsOf(first)); // its publish failed; 1 and 2 went out

            List<StoredSample> again = store.next(1);
            assertEquals(samples("level", 0, 1), samplesOf(again));
            assertTrue(again.get(0).backlog(), "sent after newer readings of the point: history");
            store.release(idsOf(second));
            store.release(idsOf(again));
            assertTrue(store.next(3).stream().noneMatch(StoredSample::backlog),
                    "a whole batch released: nothing newer went out, so nothing is history");
        }
    }

    @Test
    void anAcknowledgementHeldAcrossAReopenDeletesAPriorityRow() throws Exception {
        List<Long> ids;
        try (SqliteSampleStore store = open()) {
            store.append(samples("alarm", 0, 2), io.tidegate.api.Lane.PRIORITY);
            ids = idsOf(store.next(2));
        }
        try (SqliteSampleStore store = open()) {
            store.acknowledge(ids);
            assertEquals(0, store.stats().pending());
        }
    }

    @Test
    void aNewSessionSendsEverythingNotDeliveredOldestFirstAgain() throws Exception {
        try (SqliteSampleStore store = open()) {
            store.append(samples("level", 0, BACKLOG));
            List<StoredSample> first = store.next(10); // split: backlog from 0
            store.append(samples("level", BACKLOG, BACKLOG + 5));
            List<StoredSample> second = store.next(10); // live 300..304, then backlog 10..14
            store.acknowledge(idsOf(first));
            List<StoredSample> stillInFlight = store.next(5); // backlog 15..19, in flight when the link drops
            store.release(idsOf(second)); // the session ends: what was in flight goes back

            store.newSession();
            List<StoredSample> again = store.next(Integer.MAX_VALUE);

            List<Sample> expected = new ArrayList<>(samples("level", 10, 15));
            expected.addAll(samples("level", 20, BACKLOG + 5));
            assertEquals(values(expected), values(samplesOf(again)),
                    "oldest first, the live rows last, nothing still in flight handed out twice");
            assertEquals(samples("level", 15, 20), samplesOf(stillInFlight));
        }
    }

    @Test
    void smallBatchesWithRowsInFlightSkipNoBacklogRow() throws Exception {
        try (SqliteSampleStore store = open()) {
            store.append(samples("level", 0, BACKLOG));
            List<StoredSample> held = new ArrayList<>(store.next(50)); // split, 50 in flight
            store.append(samples("level", BACKLOG, BACKLOG + 3));
            for (int i = 0; i < 100; i++) {
                held.addAll(store.next(3)); // an uplink window smaller than the rows in flight
            }
            List<Sample> all = new ArrayList<>(samplesOf(held));
            all.addAll(samplesOf(store.next(Integer.MAX_VALUE)));

            assertEquals(BACKLOG + 3, all.size(), "every row handed out exactly once");
            assertEquals(BACKLOG + 3, new java.util.HashSet<>(all).size());
        }
    }

    @Test
    void releasedBacklogRowsComeBackBeforeNewerBacklogRows() throws Exception {
        try (SqliteSampleStore store = open()) {
            store.append(samples("level", 0, BACKLOG));
            List<StoredSample> first = store.next(20);
            store.release(idsOf(first)); // a publish failed: back in line

            assertEquals(samples("level", 0, 40), samplesOf(store.next(40)));
        }
    }
}
