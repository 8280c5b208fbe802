package io.tidegate.api;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Takes write commands from upstream (Sparkplug DCMD/NCMD) to field points. Implemented by the
 * engine, which owns the devices; uplinks only decode commands and hand them here, so they never
 * depend on engine classes.
 *
 * <p>The handler decides and answers every command: it accepts only points declared writable,
 * checks the value's type and the point's write limits, rate-limits, audits every command
 * (accepted or refused) durably, and reports each outcome upstream as a
 * {@link GatewayPoints#COMMAND_EVENT} sample in the store's priority lane.
 */
public interface CommandHandler {

    /**
     * Handles one write. Never throws: a refusal is a result, not an exception.
     *
     * @return completes once the command was refused, or the device has taken or refused the write
     */
    CompletionStage<Result> write(Write command);

    /**
     * One write as it came from upstream.
     *
     * @param deviceId the device the command was addressed to ({@link GatewayPoints#NODE} for the
     *                 edge node itself)
     * @param pointId  the point it names; for a metric the uplink could not resolve, the name as sent
     * @param value    the value as decoded (Boolean, a Number, String), or null when it carried none
     * @param origin   where it came from, for the audit, e.g. {@code DCMD spBv1.0/g/DCMD/n/station}
     */
    record Write(String deviceId, String pointId, Object value, String origin) {
        public Write {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(pointId, "pointId");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * What became of a command.
     *
     * @param outcome written, refused by the gateway's rules, or failed at the device
     * @param message the text reported upstream and audited, with the reason
     */
    record Result(Outcome outcome, String message) {
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(message, "message");
        }
    }

    enum Outcome {
        /** The device took the write. */
        WRITTEN,
        /** The gateway refused the command (read-only, out of range, wrong type, unknown, rate limit). */
        REFUSED,
        /** The gateway accepted the command but the device refused it or did not answer. */
        FAILED
    }
}
