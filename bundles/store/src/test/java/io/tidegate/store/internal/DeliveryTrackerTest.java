package io.tidegate.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {
    private final DeliveryTracker tracker = new DeliveryTracker();

    @Test
    void cursorIsTheHighestIdHandedOut() {
        assertEquals(0, tracker.cursor());
        List.of(1L, 2L, 3L).forEach(tracker::handedOut);

        tracker.release(List.of(2L));
        tracker.handedOut(2L);

        assertEquals(3, tracker.cursor());
        assertEquals(3, tracker.inFlightCount());
    }

    @Test
    void releasedIdsWaitLowestFirstUntilHandedOutAgain() {
        List.of(5L, 6L, 7L, 8L).forEach(tracker::handedOut);

        tracker.release(List.of(8L, 6L, 42L));

        assertEquals(List.of(6L, 8L), List.copyOf(tracker.released()));
        assertEquals(2, tracker.inFlightCount());
        tracker.handedOut(6L);
        assertEquals(List.of(8L), List.copyOf(tracker.released()));
    }

    @Test
    void forgetDropsAnIdWhereverItIs() {
        List.of(1L, 2L).forEach(tracker::handedOut);
        tracker.release(List.of(2L));

        tracker.forget(1L);
        tracker.forget(2L);

        assertEquals(0, tracker.inFlightCount());
        assertEquals(List.of(), List.copyOf(tracker.released()));
    }
}
