package io.tidegate.store.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which queued rows are handed out, in memory only. Not persisted on purpose: after a restart
 * every unacknowledged row is pending again, which is what makes delivery at-least-once.
 *
 * <p>Every row with an id above {@link #cursor()} has never been handed out, so reading new work
 * is one range scan from the cursor, never a rescan of the table. Rows at or below the cursor are
 * either in flight, released (waiting to be handed out again) or already deleted. Released ids
 * are all below the cursor, so handing them out first, lowest first, keeps append order.
 *
 * <p><b>Live split.</b> After an outage the queue holds a long backlog, and a FIFO would show the
 * operator nothing of the present until all of it is sent. {@link #split} cuts the id range at the
 * newest row present: rows up to it are the backlog, read from {@link #cursor()} upward; rows
 * appended later are live, read from {@link #liveCursor()} upward. Both ranges are handed out in id
 * order, so each keeps per-point order; the uplink flags the backlog historical. Once the backlog
 * is handed out, {@link #join} makes it one range again.
 *
 * <p>Callers change this state only after the database work it describes has succeeded.
 */
final class DeliveryTracker {
    private long cursor;
    /** 0: no split; else the newest backlog id, and liveCursor is the highest live id handed out. */
    private long splitAt;
    private long liveCursor;
    private final Set<Long> inFlight = new HashSet<>();
    private final NavigableSet<Long> released = new TreeSet<>();

    /** The highest id handed out since open (0 before the first). */
    long cursor() {
        return cursor;
    }

    /** Released ids, lowest first; each stays released until {@link #handedOut} or {@link #forget}. */
    NavigableSet<Long> released() {
        return Collections.unmodifiableNavigableSet(released);
    }

    /** Released backlog ids (all released ids when there is no split), lowest first. */
    NavigableSet<Long> releasedBacklog() {
        return splitAt == 0 ? released() : Collections.unmodifiableNavigableSet(released.headSet(splitAt, true));
    }

    /** Released live ids (none when there is no split), lowest first. */
    NavigableSet<Long> releasedLive() {
        return splitAt == 0 ? Collections.emptyNavigableSet()
                : Collections.unmodifiableNavigableSet(released.tailSet(splitAt, false));
    }

    /** The newest backlog id while split, else 0. */
    long splitAt() {
        return splitAt;
    }

    /** The highest live id handed out while split. */
    long liveCursor() {
        return liveCursor;
    }

    /** Splits at {@code newestId}: rows up to it are backlog, newer ones live. Does nothing when already split. */
    void split(long newestId) {
        if (splitAt == 0 && newestId > cursor) {
            splitAt = newestId;
            liveCursor = newestId;
        }
    }

    /** The backlog is all handed out: one range again, continuing after the live rows handed out. */
    void join() {
        if (splitAt != 0) {
            cursor = Math.max(cursor, liveCursor);
            splitAt = 0;
            liveCursor = 0;
        }
    }

    /** The row was given to a caller: it is in flight until acknowledged or released. */
    void handedOut(long id) {
        released.remove(id);
        inFlight.add(id);
        if (splitAt != 0 && id > splitAt) {
            liveCursor = Math.max(liveCursor, id);
        } else {
            cursor = Math.max(cursor, id);
        }
    }

    /** Puts in-flight ids back in line; ids not in flight are ignored. */
    void release(Collection<Long> ids) {
        for (Long id : ids) {
            if (inFlight.remove(id)) {
                released.add(id);
            }
        }
    }

    /** The row is gone (acknowledged, or found missing): stop tracking it. */
    void forget(long id) {
        inFlight.remove(id);
        released.remove(id);
    }

    /** True when the id is handed out and neither acknowledged nor released. */
    boolean isInFlight(long id) {
        return inFlight.contains(id);
    }

    /** True when this tracker knows the id: in flight or released. */
    boolean tracks(long id) {
        return inFlight.contains(id) || released.contains(id);
    }

    int inFlightCount() {
        return inFlight.size();
    }
}
