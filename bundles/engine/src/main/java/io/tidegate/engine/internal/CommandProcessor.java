package io.tidegate.engine.internal;

import io.tidegate.api.CommandHandler;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Lane;
import io.tidegate.api.Point;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import io.tidegate.api.Value;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Decides, carries out and answers write commands: {@link CommandRules}, then the rate limit; every
 * decision is audited durably before anything else happens (no audit, no write), the accepted
 * write goes to the device's poll thread, and each final outcome (refused, written, failed) is
 * audited again and reported upstream as a {@link GatewayPoints#COMMAND_EVENT} in the store's
 * priority lane.
 */
final class CommandProcessor implements CommandHandler {
    private static final Logger LOG = System.getLogger(CommandProcessor.class.getName());

    /** Writes a raw value on a device's own thread. */
    interface DeviceWriter {
        CompletableFuture<Void> write(Point point, Value raw);
    }

    private final CommandRules rules;
    private final RateLimiter rateLimiter;
    private final Function<String, DeviceWriter> writers;
    private final AuditLog audit;
    private final SampleStore store;
    private final LongSupplier clock;

    CommandProcessor(CommandRules rules, RateLimiter rateLimiter, Function<String, DeviceWriter> writers,
                     AuditLog audit, SampleStore store, LongSupplier clock) {
        this.rules = rules;
        this.rateLimiter = rateLimiter;
        this.writers = writers;
        this.audit = audit;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Result> write(Write command) {
        try {
            CommandRules.Decision decision = rules.check(command);
            if (decision.refusal() != null) {
                return CompletableFuture.completedFuture(refuse(command, decision.refusal()));
            }
            // Limits what reaches devices: a command the rules refuse costs no token.
            if (!rateLimiter.tryAcquire()) {
                return CompletableFuture.completedFuture(refuse(command, "rate limit: the gateway takes "
                        + rateLimiter.describe() + "; resend later"));
            }
            CommandRules.Accepted accepted = decision.accepted();
            DeviceWriter writer = writers.apply(command.deviceId());
            if (writer == null) {
                return CompletableFuture.completedFuture(refuse(command, "device '" + command.deviceId()
                        + "' is not running"));
            }
            try {
                record(command, "ACCEPTED", "raw value " + accepted.raw() + " to " + accepted.point().address());
            } catch (IOException e) {
                // No write without its audit line.
                LOG.log(Level.ERROR, "command refused, the audit cannot be written: {0}", e.getMessage());
                return CompletableFuture.completedFuture(report(command, Outcome.REFUSED,
                        "the command audit cannot be written (" + e.getMessage() + ")"));
            }
            return writer.write(accepted.point(), accepted.raw()).handle((ok, error) -> {
                if (error == null) {
                    return finish(command, Outcome.WRITTEN, accepted.point().id() + " = " + accepted.engineering()
                            + (accepted.point().unit().isEmpty() ? "" : " " + accepted.point().unit()));
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                return finish(command, Outcome.FAILED, "the device did not take it: " + cause.getMessage());
            });
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "command " + command + " could not be handled", e);
            return CompletableFuture.completedFuture(new Result(Outcome.REFUSED, "internal error: " + e));
        }
    }

    private Result refuse(Write command, String reason) {
        return finish(command, Outcome.REFUSED, reason);
    }

    private Result finish(Write command, Outcome outcome, String reason) {
        try {
            record(command, outcome.name(), reason);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "command audit not written ({0}) for: {1}", e.getMessage(), describe(command, outcome,
                    reason));
        }
        return report(command, outcome, reason);
    }

    private void record(Write command, String outcome, String reason) throws IOException {
        audit.append(new AuditLog.Entry(clock.getAsLong(), command.origin(), command.deviceId(), command.pointId(),
                command.value() == null ? null : valueText(command.value()), outcome, reason));
    }

    /** Logs the outcome and sends it upstream; the text says what was asked, by whom, and what became of it. */
    private Result report(Write command, Outcome outcome, String reason) {
        String text = describe(command, outcome, reason);
        LOG.log(outcome == Outcome.WRITTEN ? Level.INFO : Level.WARNING, text);
        long now = clock.getAsLong();
        try {
            store.append(List.of(Sample.good(GatewayPoints.COMMAND_EVENT.id(),
                    Value.of(GatewayPoints.COMMAND_EVENT.type(), text), now)), Lane.PRIORITY);
        } catch (StoreException | RuntimeException e) {
            LOG.log(Level.ERROR, "command event not stored, it is in the audit only: {0}", e.getMessage());
        }
        return new Result(outcome, text);
    }

    /** A command's value as text; an array (a Sparkplug array metric) as its elements, e.g. {@code [7, 8, 9]}. */
    static String valueText(Object value) {
        if (value != null && value.getClass().isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                out.append(i == 0 ? "" : ", ").append(valueText(java.lang.reflect.Array.get(value, i)));
            }
            return out.append(']').toString();
        }
        return String.valueOf(value);
    }

    static String describe(Write command, Outcome outcome, String reason) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT) + ": " + command.pointId() + " on "
                + command.deviceId() + " = "
                + (command.value() instanceof String s ? "'" + s + "'" : valueText(command.value()))
                + " (" + command.origin() + "): " + reason;
    }
}
