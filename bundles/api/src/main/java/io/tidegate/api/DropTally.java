package io.tidegate.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts samples dropped unsent, per point, with the time span they covered, and turns the count
 * into the events that report it upstream ("N samples of P dropped from T1 to T2: why"). Used by
 * whoever has to drop: the store's capacity policy, the engine's memory ring. Not thread-safe.
 */
public final class DropTally {

    /** What was dropped of one point: how many samples, and the source times of the first and the last. */
    public record Span(String point, long count, long first, long last) {
    }

    private static final class Counter {
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
    }

    private final Map<String, Counter> spans = new LinkedHashMap<>();
    private long total;

    /** Counts one dropped sample. */
    public void add(Sample dropped) {
        add(new Span(dropped.pointId(), 1, dropped.sourceTime(), dropped.sourceTime()));
    }

    /** Counts the samples of a span, e.g. one reported earlier that a new report takes over. */
    public void add(Span span) {
        Counter counter = spans.computeIfAbsent(span.point(), id -> new Counter());
        counter.count += span.count();
        counter.first = Math.min(counter.first, span.first());
        counter.last = Math.max(counter.last, span.last());
        total += span.count();
    }

    /** Each point's span, in the order points were first seen (the order of {@link #events}). */
    public List<Span> spans() {
        List<Span> out = new ArrayList<>(spans.size());
        spans.forEach((point, c) -> out.add(new Span(point, c.count, c.first, c.last)));
        return out;
    }

    /** Samples counted since the last {@link #clear}. */
    public long total() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** Dropped samples counted per point id, in the order points were first seen. */
    public Map<String, Long> countsByPoint() {
        Map<String, Long> counts = new LinkedHashMap<>();
        spans.forEach((point, span) -> counts.put(point, span.count));
        return counts;
    }

    /**
     * One {@link GatewayPoints#STORE_EVENT} sample per point, e.g.
     * {@code 1523 samples of station/wet_well/level dropped from 2026-11-21T10:00:00Z to
     * 2026-11-21T10:05:00Z: <reason>}, timed {@code now}.
     */
    public List<Sample> events(String reason, long now) {
        List<Sample> events = new ArrayList<>(spans.size());
        spans.forEach((point, span) -> events.add(Sample.good(GatewayPoints.STORE_EVENT.id(),
                Value.of(DataType.STRING, describe(point, span, reason)), now)));
        return events;
    }

    public void clear() {
        spans.clear();
        total = 0;
    }

    private static String describe(String point, Counter span, String reason) {
        String samples = span.count == 1 ? "1 sample" : span.count + " samples";
        String when = span.first == span.last ? "at " + Instant.ofEpochMilli(span.first)
                : "from " + Instant.ofEpochMilli(span.first) + " to " + Instant.ofEpochMilli(span.last);
        return samples + " of " + point + " dropped " + when + ": " + reason;
    }
}
