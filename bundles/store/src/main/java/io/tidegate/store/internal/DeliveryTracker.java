package io.tidegate.store.internal;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Which queued rows of one lane are handed out, in memory only. Not persisted on purpose: after a
 * restart every unacknowledged row is pending again, which is what makes delivery at-least-once.
 *
 * <p>Every row with an id above {@link #cursor()} has never been handed out, so reading new work
 * is one range scan from the cursor, never a rescan of the table. Rows at or below the cursor are
 * in flight, released (waiting to be handed out again, lowest first), already deleted, or in a
 * backlog range.
 *
 * <p><b>Backlog ranges.</b> After an outage the queue holds a long backlog, and a FIFO would show
 * the operator nothing of the present until all of it is sent. {@link #split} moves every row not
 * yet handed out, up to the newest, into a backlog range; rows appended later are live and read
 * from the cursor. Backlog ranges are read oldest first, each in id order, after the live rows, so
 * the live rows and the backlog each keep per-point order. If the live rows fall behind again (the
 * link dropped again), another split appends them as a further range, newer than the ones before.
 *
 * <p>{@link #newestSent()} is the highest id in flight or acknowledged: a row handed out below it
 * goes out after something newer, so it is history whenever it was taken; the store marks it
 * backlog. (Released rows do not count: if a whole batch failed, nothing newer went out.)
 *
 * <p>Callers change this state only after the database work it describes has succeeded.
 */
final class DeliveryTracker {
    /** A backlog range: rows with ids in (after, upTo] not yet handed out. */
    static final class Range {
        private long after;
        private final long upTo;

        Range(long after, long upTo) {
            this.after = after;
            this.upTo = upTo;
        }

        long after() {
            return after;
        }

        long upTo() {
            return upTo;
        }
    }

    private long cursor;
    private long newestAcknowledged;
    private final Deque<Range> backlog = new ArrayDeque<>();
    private final NavigableSet<Long> inFlight = new TreeSet<>();
    private final NavigableSet<Long> released = new TreeSet<>();

    /** Starts with every id up to {@code handedOutUpTo} counted as gone (0: none), e.g. below the oldest row at open. */
    DeliveryTracker(long handedOutUpTo) {
        this.cursor = handedOutUpTo;
    }

    DeliveryTracker() {
        this(0);
    }

    /** Rows above this id have never been handed out and are not in a backlog range. */
    long cursor() {
        return cursor;
    }

    /** The highest id in flight or acknowledged since open (0 if none). */
    long newestSent() {
        return inFlight.isEmpty() ? newestAcknowledged : Math.max(newestAcknowledged, inFlight.last());
    }

    /** Released ids, lowest first; each stays released until {@link #handedOut} or {@link #forget}. */
    NavigableSet<Long> released() {
        return Collections.unmodifiableNavigableSet(released);
    }

    /** The backlog ranges still to read, oldest first. */
    List<Range> backlogRanges() {
        return List.copyOf(backlog);
    }

    /**
     * Starts over for a new uplink session: every row above {@code goneUpTo} that is not in flight
     * is to be handed out again oldest first (released rows included, found by the scan), with no
     * backlog ranges and nothing counted as sent. What is in flight stays in flight.
     */
    void restartOrder(long goneUpTo) {
        cursor = goneUpTo;
        backlog.clear();
        released.clear();
        newestAcknowledged = 0;
    }

    /** Moves the rows above the cursor, up to {@code newestId}, into a backlog range; later rows are live. */
    void split(long newestId) {
        if (newestId > cursor) {
            backlog.addLast(new Range(cursor, newestId));
            cursor = newestId;
        }
    }

    /** The range has no rows left to read: drop it. */
    void backlogRangeDone(Range range) {
        backlog.remove(range);
    }

    /** The row was given to a caller: it is in flight until acknowledged or released. */
    void handedOut(long id) {
        released.remove(id);
        inFlight.add(id);
        if (id > cursor) {
            cursor = id;
            return;
        }
        for (Range range : backlog) {
            if (id > range.after && id <= range.upTo) {
                range.after = Math.max(range.after, id);
                return;
            }
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

    /** The broker has the row: it is gone, and counts as sent. */
    void acknowledged(long id) {
        if (inFlight.remove(id)) {
            newestAcknowledged = Math.max(newestAcknowledged, id);
        }
        released.remove(id);
    }

    /** The row is gone (dropped, or found missing): stop tracking it. */
    void forget(long id) {
        inFlight.remove(id);
        released.remove(id);
    }

    /** True when the id is handed out and neither acknowledged nor released. */
    boolean isInFlight(long id) {
        return inFlight.contains(id);
    }

    int inFlightCount() {
        return inFlight.size();
    }
}
