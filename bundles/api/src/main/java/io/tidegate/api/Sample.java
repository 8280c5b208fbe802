package io.tidegate.api;

import java.util.Objects;

/**
 * One reading of one point.
 *
 * @param pointId     the point read
 * @param value       the value, or null when the quality is bad and there is none
 * @param quality     whether the value can be trusted, and if not why
 * @param sourceTime  when the device says the value was true (epoch ms); the read time if it has no clock
 * @param gatewayTime when the gateway took it (epoch ms)
 */
public record Sample(String pointId, Value value, Quality quality, long sourceTime, long gatewayTime) {
    public Sample {
        Objects.requireNonNull(pointId, "pointId");
        Objects.requireNonNull(quality, "quality");
        if (value == null && quality.isGood()) {
            throw new IllegalArgumentException("a good sample of " + pointId + " needs a value");
        }
    }

    public static Sample good(String pointId, Value value, long time) {
        return new Sample(pointId, value, Quality.GOOD, time, time);
    }

    public static Sample bad(String pointId, Quality quality, long time) {
        return new Sample(pointId, null, quality, time, time);
    }

    public Sample withValue(Value newValue) {
        return new Sample(pointId, newValue, quality, sourceTime, gatewayTime);
    }
}
