package io.tidegate.engine.internal;

import io.tidegate.api.Sample;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest sample of each point, for live views. One map entry per point, replaced on every
 * poll: memory stays bounded by the number of points, and readers never block the poll threads.
 */
final class LatestSamples {
    private final Map<String, Sample> newest = new ConcurrentHashMap<>();

    void record(List<Sample> samples) {
        for (Sample sample : samples) {
            // A late sample (clock stepped back, a slow poll) never hides a newer one.
            newest.merge(sample.pointId(), sample, (old, fresh) -> fresh.gatewayTime() >= old.gatewayTime() ? fresh : old);
        }
    }

    Optional<Sample> get(String pointId) {
        return Optional.ofNullable(newest.get(pointId));
    }
}
