package io.tidegate.api;

import java.util.Objects;

/**
 * How far a sample can be trusted, and if not, why. A failed read gives a sample with bad quality
 * and the reason; it never gives silence or a made-up value.
 *
 * @param status good, uncertain or bad
 * @param reason why the value is missing or doubtful ({@link Reason#NONE} when good)
 * @param detail human detail for installers, e.g. the driver's error message; empty when good
 */
public record Quality(Status status, Reason reason, String detail) {
    public static final Quality GOOD = new Quality(Status.GOOD, Reason.NONE, "");

    public enum Status { GOOD, UNCERTAIN, BAD }

    public enum Reason {
        NONE,
        /** The device did not answer, or the connection failed. */
        COMM_FAILURE,
        /** The device answered with an error (e.g. a Modbus exception). */
        DEVICE_EXCEPTION,
        /** The value is outside the range the point allows. */
        OUT_OF_RANGE,
        /** The value has not been refreshed in time. */
        STALE,
        /** The point cannot be read as configured (bad address, wrong type, driver missing). */
        CONFIG_ERROR
    }

    public Quality {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
        if (status == Status.GOOD && reason != Reason.NONE) {
            throw new IllegalArgumentException("a good quality has no reason");
        }
    }

    public static Quality bad(Reason reason, String detail) {
        return new Quality(Status.BAD, reason, detail);
    }

    public boolean isGood() {
        return status == Status.GOOD;
    }
}
