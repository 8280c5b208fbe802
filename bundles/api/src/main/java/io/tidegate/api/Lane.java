package io.tidegate.api;

/**
 * Which line of the store's queue a sample waits in. The priority lane is handed out before any
 * telemetry, and a capacity policy drops telemetry first: alarms and events are dropped only once
 * no telemetry is left to drop. Order is kept within each lane, so per point (a point always
 * uses one lane).
 */
public enum Lane {
    /** Alarms and events: few, and the operator must see them first. */
    PRIORITY,
    /** Readings of field points: the bulk of the queue. */
    TELEMETRY
}
