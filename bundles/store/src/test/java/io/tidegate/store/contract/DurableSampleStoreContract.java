package io.tidegate.store.contract;

import static io.tidegate.store.contract.TestSamples.*;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidegate.api.Lane;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoredSample;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link SampleStoreContract} plus what a store that survives a restart must show: after the store
 * is closed and opened again on the same directory, every unacknowledged sample (including those
 * that were in flight or released) is pending again, in append order, and acknowledged samples
 * stay gone. Bindings of stores that do not survive a restart (in-memory fakes) extend
 * {@link SampleStoreContract} instead, so no binding has skipped tests.
 */
public abstract class DurableSampleStoreContract extends SampleStoreContract {

    /** Closes the store and opens it again on the same directory, like a gateway restart. */
    protected SampleStore reopen(SampleStore old) throws Exception {
        SampleStore closing = old;
        store = null; // so a failing open does not close it twice
        close(closing);
        return open(dir);
    }

    private void restart() throws Exception {
        store = reopen(store);
    }

    @Test
    void unacknowledgedSamplesIncludingInFlightComeBackAfterARestartInOrderAndAcknowledgedStayGone() throws Exception {
        store.append(samples("a", 0, 5));
        store.append(samples("b", 0, 5));
        List<StoredSample> out = store.next(7);
        // acknowledged: a0, a2; in flight: a1, a3, a4, b0; released: b1; never handed out: b2..b4
        store.acknowledge(List.of(out.get(0).id(), out.get(2).id()));
        store.release(List.of(out.get(6).id()));
        assertStats(10, 2, 8, 4);

        restart();

        assertStats(0, 0, 8, 0);
        List<Sample> expected = new ArrayList<>();
        expected.add(sample("a", 1));
        expected.add(sample("a", 3));
        expected.add(sample("a", 4));
        expected.addAll(samples("b", 0, 5));
        assertEquals(expected, samplesOf(drain()));
        assertStats(0, 0, 8, 8);
    }

    @Test
    void thePriorityLaneSurvivesARestartAndStillComesFirst() throws Exception {
        store.append(samples("level", 0, 3));
        store.append(samples("alarm", 0, 2), Lane.PRIORITY);
        store.next(1); // in flight when the gateway stops: pending again after the restart

        restart();

        List<Sample> expected = new ArrayList<>(samples("alarm", 0, 2));
        expected.addAll(samples("level", 0, 3));
        assertEquals(expected, samplesOf(drain()));
        store.append(samples("alarm", 2, 3), Lane.PRIORITY);
        assertEquals(samples("alarm", 2, 3), samplesOf(drain()), "new ids follow the old ones");
    }

    @Test
    void everyFieldSurvivesARestart() throws Exception {
        store.append(everyKindOfSample());

        restart();

        assertEquals(everyKindOfSample(), samplesOf(drain()));
    }

    @Test
    void samplesAppendedAfterARestartComeAfterTheBacklog() throws Exception {
        store.append(samples("a", 0, 3));
        List<StoredSample> out = store.next(1);
        store.acknowledge(idsOf(out));

        restart();
        store.append(samples("a", 3, 5));

        List<StoredSample> backlog = drain();
        assertEquals(samples("a", 1, 5), samplesOf(backlog));
        assertEquals(backlog.size(), backlog.stream().map(StoredSample::id).distinct().count(), "ids are unique");
        store.acknowledge(idsOf(backlog));
        assertStats(2, 4, 0, 0);
    }

    @Test
    void aFullyAcknowledgedStoreIsEmptyAfterARestart() throws Exception {
        store.append(samples("a", 0, 4));
        store.acknowledge(idsOf(drain()));

        restart();

        assertStats(0, 0, 0, 0);
        assertEquals(List.of(), store.next(100));
    }

    @Test
    void restartingTwiceLosesNothing() throws Exception {
        store.append(samples("a", 0, 4));
        store.next(2);
        restart();
        store.next(3);
        restart();

        assertEquals(samples("a", 0, 4), samplesOf(drain()));
    }
}
