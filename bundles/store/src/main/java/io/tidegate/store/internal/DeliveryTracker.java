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
 * <p>Callers change this state only after the database work it describes has succeeded.
 */
final class DeliveryTracker {
    private long cursor;
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

    /** The row was given to a caller: it is in flight until acknowledged or released. */
    void handedOut(long id) {
        released.remove(id);
        inFlight.add(id);
        cursor = Math.max(cursor, id);
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
