package io.tidegate.store.internal;

import io.tidegate.api.DropTally;
import java.util.HashMap;
import java.util.Map;

/**
 * The drop reports this store wrote to its priority lane that have not been handed out yet, so a
 * new drop of the same point, for the same reason, is merged into its report (the counts added,
 * the time spans joined) instead of adding one more row. Without this, a long outage on a full
 * store adds a report per point at every drop, and the reports end up filling the store they
 * report on, until the oldest of them are dropped in turn and their counts are lost.
 *
 * <p>Likewise only the newest drop total waits unsent: a total is the counter's value now, so a
 * newer one replaces it. A row once handed out is never merged into (the host may have it already);
 * the record is in memory only, so after a restart new reports start afresh. Holding the store's lock.
 */
final class UnsentDropReports {
    /** The row holding a report, and what it counts. */
    record Unsent(long rowId, DropTally.Span span) {
    }

    private final Map<String, Unsent> byReasonAndPoint = new HashMap<>();
    private final Map<Long, String> keyByRow = new HashMap<>();
    private long totalRowId;

    /** The unsent report of the point for this reason, to merge a new drop into; null when there is none. */
    Unsent unsent(String reason, String point) {
        return byReasonAndPoint.get(key(reason, point));
    }

    /** The row holding the newest unsent drop total, or 0. */
    long totalRowId() {
        return totalRowId;
    }

    /** A report row written (in a transaction that committed). */
    void reported(String reason, DropTally.Span span, long rowId) {
        String key = key(reason, span.point());
        Unsent previous = byReasonAndPoint.put(key, new Unsent(rowId, span));
        if (previous != null) {
            keyByRow.remove(previous.rowId());
        }
        keyByRow.put(rowId, key);
    }

    /** A total row written (in a transaction that committed). */
    void totalReported(long rowId) {
        totalRowId = rowId;
    }

    /** The row was handed out, acknowledged or deleted: it can no longer be merged into. */
    void gone(long rowId) {
        String key = keyByRow.remove(rowId);
        if (key != null) {
            byReasonAndPoint.remove(key);
        }
        if (rowId == totalRowId) {
            totalRowId = 0;
        }
    }

    /** Forgets every report: new drops get reports of their own. */
    void clear() {
        byReasonAndPoint.clear();
        keyByRow.clear();
        totalRowId = 0;
    }

    private static String key(String reason, String point) {
        return reason + '\n' + point;
    }
}
