package io.tidegate.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Access;
import io.tidegate.api.CommandHandler;
import io.tidegate.api.CommandHandler.Outcome;
import io.tidegate.api.DataType;
import io.tidegate.api.DriverException;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Scaling;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command is decided by the rules, audited durably, and answered upstream as a command
 * event in the priority lane; only accepted ones reach the device, unscaled.
 */
class CommandProcessorTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final String ORIGIN = "DCMD spBv1.0/g/DCMD/gw/plc";
    private final Point setpoint = new Point("pump1/setpoint", "plc", "40010", DataType.INT16, "bar",
            new Scaling(0.1, 0), Access.READ_WRITE, 0.5, 8.0, SECOND, Map.of(), "");
    private final Point mode = new Point("pump1/auto", "plc", "00002", DataType.BOOL, "", Scaling.IDENTITY,
            Access.READ_WRITE, null, null, SECOND, Map.of(), "");
    private final Point pressure = Point.simple("pump1/pressure", "plc", "40001", DataType.FLOAT32, SECOND);
    private final Point limits = new Point("line1/limits", "plc", "ns=2;s=Limits", DataType.INT32_ARRAY, "mm",
            Scaling.IDENTITY, Access.READ_WRITE, null, null, SECOND, Map.of(), "");
    private final Map<String, Point> points = Map.of(setpoint.id(), setpoint, mode.id(), mode, pressure.id(), pressure,
            limits.id(), limits);

    @TempDir
    Path dir;

    private final FakeStore store = new FakeStore();
    private final List<String> written = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private volatile DriverException deviceRefusal;
    private AuditLog audit;

    private CommandProcessor processor(int burst, int perMinute) throws Exception {
        audit = AuditLog.open(dir.resolve("audit.db"));
        CommandProcessor.DeviceWriter writer = (point, raw) -> {
            if (deviceRefusal != null) {
                return CompletableFuture.failedFuture(deviceRefusal);
            }
            written.add(point.id() + "=" + raw.raw() + ":" + raw.type());
            return CompletableFuture.completedFuture(null);
        };
        return new CommandProcessor(new CommandRules(id -> Optional.ofNullable(points.get(id)).or(() -> Optional.ofNullable(GatewayPoints.byId(id)))),
                new RateLimiter(burst, perMinute, nanos::get), device -> device.equals("plc") ? writer : null,
                audit, store, () -> 1_700_000_000_000L);
    }

    @AfterEach
    void close() {
        if (audit != null) {
            audit.close();
        }
    }

    private static CommandHandler.Write write(String point, Object value) {
        return new CommandHandler.Write("plc", point, value, ORIGIN);
    }

    private static CommandHandler.Result result(CommandProcessor p, CommandHandler.Write w) {
        return p.write(w).toCompletableFuture().join();
    }

    /** The command events in the store's priority lane, as the uplink will be handed them. */
    private List<String> events() throws Exception {
        List<String> texts = new ArrayList<>();
        for (StoredSample s : store.next(1000)) {
            if (s.sample().pointId().equals(GatewayPoints.COMMAND_EVENT.id())) {
                texts.add((String) s.sample().value().raw());
            }
        }
        return texts;
    }

    @Test
    void anAllowedWriteIsUnscaledWrittenAuditedAndReported() throws Exception {
        CommandProcessor p = processor(5, 30);

        CommandHandler.Result r = result(p, write("pump1/setpoint", 2.5));

        assertEquals(Outcome.WRITTEN, r.outcome(), r.message());
        assertEquals(List.of("pump1/setpoint=25:INT16"), written, "2.5 bar at scale 0.1 is raw 25");
        assertEquals(List.of("ACCEPTED", "WRITTEN"), audit.entries().stream().map(AuditLog.Entry::outcome).toList());
        AuditLog.Entry done = audit.entries().get(1);
        assertEquals(ORIGIN, done.origin());
        assertEquals("pump1/setpoint", done.pointId());
        assertEquals("2.5", done.value());
        assertEquals(List.of("written: pump1/setpoint on plc = 2.5 (" + ORIGIN + "): pump1/setpoint = 2.5 bar"),
                events());
    }

    @Test
    void eachRefusalIsAuditedAndAnsweredWithItsReasonAndNothingIsWritten() throws Exception {
        CommandProcessor p = processor(100, 6000);
        record Case(CommandHandler.Write write, String reason) {
        }
        List<Case> cases = List.of(
                new Case(write("pump1/pressure", 3.0), "read-only point: pump1/pressure is not declared access: read-write"),
                new Case(write("pump1/setpoint", 9.0), "out of range: 9.0 is outside pump1/setpoint's write limits 0.5..8.0"),
                new Case(write("pump1/setpoint", 0.1), "out of range: 0.1 is outside"),
                new Case(write("pump1/setpoint", "3.0"), "wrong type: pump1/setpoint takes a FLOAT64, the command sent text"),
                new Case(write("pump1/auto", 2L), "wrong type: pump1/auto takes a BOOL"),
                new Case(write("pump1/setpoint", Double.NaN), "out of range: NaN is not a finite number"),
                new Case(write("pump1/setpoint", null), "no value"),
                new Case(write("pump1/nonexistent", 1.0), "unknown metric: device 'plc' has no point 'pump1/nonexistent'"),
                new Case(new CommandHandler.Write("other", "pump1/setpoint", 2.0, ORIGIN),
                        "unknown metric: device 'other' has no point 'pump1/setpoint'"),
                new Case(new CommandHandler.Write(GatewayPoints.NODE, GatewayPoints.STORE_ALARM.id(), false, ORIGIN),
                        "read-only point: _node/store/alarm"));

        for (Case c : cases) {
            CommandHandler.Result r = result(p, c.write());
            assertEquals(Outcome.REFUSED, r.outcome(), c.write() + " -> " + r.message());
            assertTrue(r.message().startsWith("refused: ") && r.message().contains(c.reason()),
                    "'" + c.reason() + "' not in: " + r.message());
        }

        assertEquals(List.of(), written, "nothing refused reaches a device");
        List<AuditLog.Entry> entries = AuditLog.read(dir.resolve("audit.db"));
        assertEquals(cases.size(), entries.size(), "one audit row per refused command, readable after the fact");
        assertTrue(entries.stream().allMatch(e -> e.outcome().equals("REFUSED")));
        assertEquals(cases.size(), events().size(), "each refusal is reported upstream");
    }

    @Test
    void aWholeArrayIsWrittenAsOneValueAndAnArrayThatDoesNotFitIsRefused() throws Exception {
        CommandProcessor p = processor(100, 6000);

        // as a Sparkplug Int32Array and a DoubleArray of whole numbers arrive from Tahu
        CommandHandler.Result ints = result(p, write("line1/limits", new Integer[] {7, 8, 9}));
        CommandHandler.Result doubles = result(p, write("line1/limits", new Double[] {1.0, 2.0}));
        CommandHandler.Result fraction = result(p, write("line1/limits", new Double[] {1.0, 2.5}));
        CommandHandler.Result scalar = result(p, write("line1/limits", 5));
        CommandHandler.Result text = result(p, write("line1/limits", "7,8,9"));

        assertEquals(Outcome.WRITTEN, ints.outcome(), ints.message());
        assertEquals("written: line1/limits on plc = [7, 8, 9] (" + ORIGIN + "): line1/limits = [7, 8, 9] mm",
                ints.message());
        assertEquals(Outcome.WRITTEN, doubles.outcome(), doubles.message());
        assertEquals(List.of("line1/limits=[7, 8, 9]:INT32[]", "line1/limits=[1, 2]:INT32[]"), written,
                "the device gets the whole array with the point's type");
        assertTrue(fraction.message().endsWith("wrong type: line1/limits takes a INT32[]: element 1 of the INT32[]:"
                + " INT32 cannot hold the fraction 2.5"), fraction.message());
        assertTrue(scalar.message().contains("wrong type: line1/limits takes a INT32[]: a Integer (5) is not a"
                + " INT32[]"), scalar.message());
        assertTrue(text.message().contains("wrong type: line1/limits takes a INT32[]"), text.message());
        assertEquals(List.of("[7, 8, 9]", "[7, 8, 9]", "[1.0, 2.0]", "[1.0, 2.0]", "[1.0, 2.5]", "5", "7,8,9"),
                audit.entries().stream().map(AuditLog.Entry::value).toList(), "the audit shows the array's elements");
    }

    @Test
    void aFloodIsRefusedBeyondTheBurstAndTheRateRefillsIt() throws Exception {
        CommandProcessor p = processor(3, 60);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            outcomes.add(result(p, write("pump1/setpoint", 1.0 + i * 0.1)).outcome());
        }
        assertEquals(List.of(Outcome.WRITTEN, Outcome.WRITTEN, Outcome.WRITTEN, Outcome.REFUSED, Outcome.REFUSED,
                Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED), outcomes);
        CommandHandler.Result refused = result(p, write("pump1/setpoint", 2.0));
        assertTrue(refused.message().contains("rate limit: the gateway takes at most 3 commands at once and 60 per "
                + "minute"), refused.message());

        nanos.addAndGet(Duration.ofSeconds(1).toNanos()); // one token back at 60 per minute
        assertEquals(Outcome.WRITTEN, result(p, write("pump1/setpoint", 2.0)).outcome());
        assertEquals(Outcome.REFUSED, result(p, write("pump1/setpoint", 2.0)).outcome());
        assertEquals(4, written.size());
        assertEquals(4 * 2 + 9, audit.entries().size(), "accepted ones have two rows, refused ones one");
    }

    @Test
    void aWriteTheDeviceRefusesIsReportedAsFailed() throws Exception {
        CommandProcessor p = processor(5, 30);
        deviceRefusal = new DriverException(Quality.Reason.DEVICE_EXCEPTION, "Modbus exception 2: illegal address");

        CommandHandler.Result r = result(p, write("pump1/auto", true));

        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.message().contains("the device did not take it: Modbus exception 2: illegal address"),
                r.message());
        assertEquals(List.of("ACCEPTED", "FAILED"), audit.entries().stream().map(AuditLog.Entry::outcome).toList());
    }

    @Test
    void theAuditSurvivesAReopen() throws Exception {
        CommandProcessor p = processor(5, 30);
        result(p, write("pump1/pressure", 1.0));
        audit.close();
        try (AuditLog again = AuditLog.open(dir.resolve("audit.db"))) {
            assertEquals(1, again.entries().size());
            again.append(new AuditLog.Entry(1, "test", "plc", "x", null, "REFUSED", "r"));
            assertEquals(2, again.entries().size(), "appends continue after a restart");
        }
        audit = null;
    }

    @Test
    void commandEventsGoToThePriorityLaneAheadOfTelemetry() throws Exception {
        CommandProcessor p = processor(5, 30);
        store.append(List.of(Sample.good("pump1/pressure", Value.of(DataType.FLOAT32, 1.0), 1)));
        result(p, write("pump1/pressure", 1.0));
        assertEquals(GatewayPoints.COMMAND_EVENT.id(), store.next(1).get(0).sample().pointId());
    }
}
