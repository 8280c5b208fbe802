package io.tidegate.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's own points: alarms and events about the gateway itself (its store, its command
 * handling), as opposed to readings of field devices. They travel the same path as readings:
 * appended to the store in the {@link Lane#PRIORITY priority lane}, forwarded by the uplinks, which
 * publish them as metrics of the gateway itself (Sparkplug: node metrics in NBIRTH and NDATA, named
 * by {@link #metricName}).
 *
 * <p>They live on the reserved device id {@value #NODE}; site profiles may not use ids starting
 * with an underscore. Nothing polls them.
 */
public final class GatewayPoints {

    /** The reserved device id of the gateway's own points. */
    public static final String NODE = "_node";

    /**
     * One text per store event, e.g. {@code "1523 samples of station/wet_well/level dropped from
     * 2026-11-21T10:00:00Z to 2026-11-21T10:05:00Z: ..."} or a quarantined database file.
     */
    public static final Point STORE_EVENT = nodePoint("store/event", DataType.STRING,
            "Store events: samples dropped by the capacity policy, corrupt files quarantined");

    /** Samples the capacity policy has dropped, in total over the store's life. */
    public static final Point STORE_DROPPED = nodePoint("store/dropped", DataType.INT64,
            "Samples dropped unsent by the store's capacity policy, in total");

    /**
     * True while the store refuses appends (disk full, database broken) and the engine holds the
     * newest samples in memory; false once appends succeed again.
     */
    public static final Point STORE_ALARM = nodePoint("store/alarm", DataType.BOOL,
            "The store refuses appends (disk full or database failing); newest samples held in memory");

    /** One text per command received, accepted or refused, with the reason. */
    public static final Point COMMAND_EVENT = nodePoint("command/event", DataType.STRING,
            "Commands received, accepted or refused, with who, what and why");

    /** Every gateway point, in the order uplinks describe them. */
    public static final List<Point> ALL = List.of(STORE_EVENT, STORE_DROPPED, STORE_ALARM, COMMAND_EVENT);

    private GatewayPoints() {
    }

    /** True when the id names one of the gateway's own points (device {@value #NODE}). */
    public static boolean isGatewayPoint(String pointId) {
        return pointId.startsWith(NODE + "/");
    }

    /** The gateway point with this id, or null. */
    public static Point byId(String pointId) {
        for (Point point : ALL) {
            if (point.id().equals(pointId)) {
                return point;
            }
        }
        return null;
    }

    /** The name a gateway point is published under: its id without the device prefix. */
    public static String metricName(Point point) {
        return point.id().substring(NODE.length() + 1);
    }

    private static Point nodePoint(String name, DataType type, String description) {
        // Never polled: the interval only satisfies Point's contract.
        return new Point(NODE + "/" + name, NODE, name, type, "", Scaling.IDENTITY, Access.READ, null, null,
                Duration.ofDays(1), Map.of("category", "gateway"), description);
    }
}
