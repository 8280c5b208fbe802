package io.tidegate.engine.internal;

import io.tidegate.api.Commissioning;
import io.tidegate.api.Device;
import io.tidegate.api.DeviceSession;
import io.tidegate.api.Driver;
import io.tidegate.api.DriverException;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Lane;
import io.tidegate.api.Point;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.StoreException;
import io.tidegate.api.Value;
import io.tidegate.engine.profile.ProfileException;
import io.tidegate.engine.profile.ProfileLoader;
import io.tidegate.engine.profile.SiteProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@link Commissioning} for a gateway run from a site profile file (configured by
 * {@link ProfileConfigurator}). It is a component of its own, not the engine: applying a profile
 * restarts the engine, and the revert timer of an unconfirmed change must outlive that. A pending
 * change is also written to disk, so a gateway that the new profile crashed still reverts after
 * its restart.
 */
@Component(configurationPid = CommissioningService.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = Commissioning.class)
@Designate(ocd = CommissioningService.Config.class)
public class CommissioningService implements Commissioning {
    public static final String PID = "io.tidegate.commissioning";
    private static final Logger LOG = System.getLogger(CommissioningService.class.getName());
    private static final Duration TEST_READ_TIMEOUT = Duration.ofSeconds(15);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    @ObjectClassDefinition(name = "Tidegate commissioning",
            description = "Console edits of the site profile: validation, test read, atomic apply with confirm.")
    public @interface Config {
        @AttributeDefinition(description = "The site profile file the gateway runs.")
        String profile();

        @AttributeDefinition(description = "The gateway's data folder (pending confirm state).")
        String dataDir();

        @AttributeDefinition(description = "The audit SQLite file shared with command writes.")
        String auditFile();
    }

    private final ConfigurationAdmin configAdmin;
    private final SampleStore store;
    private final DriverRegistry drivers = new DriverRegistry();
    private final ProfileEditor editor;
    private final Path dataDir;
    private final Path pendingFile;
    private final AuditLog audit;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tidegate-commissioning");
        t.setDaemon(true);
        return t;
    });
    private Pending pending;
    private ScheduledFuture<?> revert;

    @Activate
    public CommissioningService(@Reference ConfigurationAdmin configAdmin, @Reference SampleStore store, Config config)
            throws IOException {
        this.configAdmin = configAdmin;
        this.store = store;
        this.editor = new ProfileEditor(Path.of(config.profile()));
        this.dataDir = Path.of(config.dataDir()).toAbsolutePath();
        this.pendingFile = dataDir.resolve("commissioning").resolve("pending.properties");
        this.audit = AuditLog.open(Path.of(config.auditFile()));
        resumePending();
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
        audit.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(Driver driver, Map<String, Object> properties) {
        drivers.add(String.valueOf(properties.get(Driver.NAME_PROPERTY)), driver);
    }

    void removeDriver(Driver driver, Map<String, Object> properties) {
        drivers.remove(String.valueOf(properties.get(Driver.NAME_PROPERTY)), driver);
    }

    @Override
    public ProfileView profile() {
        try {
            return editor.view();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Problem> check(Change change) {
        List<Problem> refused = secretPaths(change);
        if (!refused.isEmpty()) {
            return refused;
        }
        return staged(change, candidate -> editor.validate(candidate).problems());
    }

    @Override
    public TestRead testRead(DeviceEdit device, List<String> pointIds) {
        List<Problem> refused = secretPaths(device);
        if (!refused.isEmpty()) {
            return new TestRead(refused, List.of());
        }
        return staged(device, candidate -> {
            ProfileEditor.Verdict verdict = editor.validate(candidate);
            if (!verdict.problems().isEmpty()) {
                return new TestRead(verdict.problems(), List.of());
            }
            Device saved = verdict.site().device(device.id().trim()).orElseThrow();
            List<Point> points = saved.points().stream()
                    .filter(p -> pointIds.isEmpty() || pointIds.contains(p.id())).toList();
            if (points.isEmpty()) {
                return new TestRead(List.of(new Problem("points", 0, "", "the device has no point " + pointIds)),
                        List.of());
            }
            return readOnce(saved, points);
        });
    }

    private List<Problem> secretPaths(Change change) {
        return SecretPathGuard.check(change, profile(), editor.profile().toAbsolutePath().getParent());
    }

    /** Runs {@code work} on a candidate whose register map sits in a hidden file that is removed afterwards. */
    private <T> T staged(Change change, java.util.function.Function<ProfileEditor.Candidate, T> work) {
        Path staged = editor.profile().resolveSibling(".tidegate-staged-" + UUID.randomUUID() + ".csv");
        try {
            ProfileEditor.Candidate candidate = editor.candidate(change, staged);
            if (candidate.csvText() != null) {
                Files.writeString(staged, candidate.csvText(), StandardCharsets.UTF_8);
            }
            return work.apply(candidate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(staged);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not remove {0}: {1}", staged, e.toString());
            }
        }
    }

    /** One read through the driver, on a thread of its own so a dead device costs the timeout, no more. */
    private TestRead readOnce(Device device, List<Point> points) {
        Optional<Driver> driver = drivers.find(device.driver());
        if (driver.isEmpty()) {
            return new TestRead(List.of(new Problem("driver", 0, "", "driver '" + device.driver()
                    + "' is not installed on this gateway")), List.of());
        }
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tidegate-test-read-" + device.id());
            t.setDaemon(true);
            return t;
        });
        DeviceSession[] session = new DeviceSession[1];
        Future<List<Sample>> read = thread.submit(() -> {
            session[0] = driver.get().open(device);
            return session[0].read(points);
        });
        List<Reading> readings = new ArrayList<>();
        try {
            List<Sample> samples = read.get(TEST_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (int i = 0; i < points.size() && i < samples.size(); i++) {
                readings.add(reading(points.get(i), samples.get(i)));
            }
        } catch (ExecutionException e) {
            String reason = e.getCause() instanceof DriverException d ? d.reason() + ": " + d.getMessage()
                    : "driver error: " + e.getCause();
            long now = System.currentTimeMillis();
            points.forEach(p -> readings.add(new Reading(p.id(), null, "BAD", reason, now)));
        } catch (TimeoutException e) {
            long now = System.currentTimeMillis();
            points.forEach(p -> readings.add(new Reading(p.id(), null, "BAD",
                    "COMM_FAILURE: no answer within " + TEST_READ_TIMEOUT.toSeconds() + " s", now)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            read.cancel(true);
            thread.execute(() -> {
                if (session[0] != null) {
                    session[0].close();
                }
            });
            thread.shutdown();
        }
        return new TestRead(List.of(), readings);
    }

    private static Reading reading(Point point, Sample sample) {
        String value = null;
        if (sample.value() != null) {
            boolean scaled = point.type().isNumeric() && !point.scaling().isIdentity();
            value = scaled ? String.valueOf(point.scaling().toEngineering(sample.value().asDouble()))
                    : String.valueOf(sample.value().raw());
        }
        String reason = sample.quality().isGood() ? "" : sample.quality().reason() + ": " + sample.quality().detail();
        return new Reading(point.id(), value, sample.quality().status().name(), reason, sample.sourceTime());
    }

    @Override
    public synchronized Outcome apply(Change change, String who, Duration confirmWithin) {
        List<Problem> refused = secretPaths(change);
        if (!refused.isEmpty()) {
            return new Outcome(refused, Optional.empty());
        }
        if (pending != null) {
            return new Outcome(List.of(new Problem("", 0, "", "the change '" + pending.summary() + "' waits for its"
                    + " confirm: confirm it or let it revert before applying another")), Optional.empty());
        }
        Path profile = editor.profile();
        long now = System.currentTimeMillis();
        Path csv = change instanceof DeviceEdit edit && edit.pointsCsv() != null
                ? profile.resolveSibling(edit.id().trim().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + STAMP.format(
                        Instant.ofEpochMilli(now)) + ".csv") : null;
        try {
            ProfileEditor.Candidate candidate = editor.candidate(change, csv);
            if (candidate.csvText() != null) {
                // A new file name each time: the old map stays for the backup, and the profile's
                // rename below is the one moment the change takes effect.
                AtomicFiles.write(csv, candidate.csvText().getBytes(StandardCharsets.UTF_8));
            }
            ProfileEditor.Verdict verdict = editor.validate(candidate);
            if (!verdict.problems().isEmpty()) {
                if (csv != null) {
                    Files.deleteIfExists(csv);
                }
                return new Outcome(verdict.problems(), Optional.empty());
            }
            String header = "# Written by the Tidegate console for " + who + " at " + Instant.ofEpochMilli(now)
                    + ": " + change.summary() + ".\n# The previous version is " + profile.getFileName()
                    + ".previous.\n";
            byte[] previous = Files.readAllBytes(profile);
            AtomicFiles.write(backup(), previous);
            boolean confirm = confirmWithin != null && !confirmWithin.isZero() && !confirmWithin.isNegative();
            if (confirm) {
                // On disk before the change is live: a power cut from here on still reverts at the next start.
                pending = new Pending(now, now + confirmWithin.toMillis(), who, change.summary());
                savePending();
            }
            try {
                AtomicFiles.write(profile, (header + candidate.yaml()).getBytes(StandardCharsets.UTF_8));
                ProfileConfigurator.publish(configAdmin, verdict.site(), profile, dataDir);
            } catch (IOException | RuntimeException e) {
                // The gateway could not be told: put the file back as well, so file and gateway agree.
                AtomicFiles.write(profile, previous);
                if (confirm) {
                    clearPending();
                }
                throw new IOException("the gateway could not take the new configuration: " + e.getMessage(), e);
            }
            String reason = confirm ? "reverts unless confirmed within " + describe(confirmWithin) : "";
            record(now, who, change.summary(), "APPLIED", reason);
            event("configuration applied by " + who + ": " + change.summary()
                    + (confirm ? " (" + reason + ")" : ""), now);
            if (!confirm) {
                return new Outcome(List.of(), Optional.empty());
            }
            revert = timer.schedule(this::revertUnconfirmed, confirmWithin.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(List.of(), Optional.of(pending));
        } catch (IOException e) {
            LOG.log(Level.ERROR, "configuration change not applied: {0}", e.toString());
            return new Outcome(List.of(new Problem("", 0, "", "not applied: " + e.getMessage())), Optional.empty());
        }
    }

    @Override
    public synchronized Optional<Pending> pending() {
        return Optional.ofNullable(pending);
    }

    @Override
    public synchronized boolean confirm(String who) {
        if (pending == null) {
            return false;
        }
        if (revert != null) {
            revert.cancel(false);
        }
        long now = System.currentTimeMillis();
        record(now, who, pending.summary(), "CONFIRMED", "applied by " + pending.who());
        event("configuration confirmed by " + who + ": " + pending.summary(), now);
        clearPending();
        return true;
    }

    @Override
    public List<AuditRecord> audit(int limit) {
        try {
            return audit.recent(limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The confirm window ran out: the previous profile comes back, and says so upstream and in the audit. */
    private synchronized void revertUnconfirmed() {
        if (pending == null) {
            return;
        }
        Path profile = editor.profile();
        long now = System.currentTimeMillis();
        String why = "not confirmed within " + describe(Duration.ofMillis(pending.revertAt() - pending.appliedAt()));
        try {
            SiteProfile previous = ProfileLoader.load(backup());
            AtomicFiles.backup(profile, profile.resolveSibling(profile.getFileName() + ".reverted"));
            AtomicFiles.write(profile, Files.readAllBytes(backup()));
            ProfileConfigurator.publish(configAdmin, ProfileLoader.load(profile), profile, dataDir);
            Pending reverted = pending;
            clearPending();
            LOG.log(Level.WARNING, "configuration change ''{0}'' by {1} {2}: the previous profile is back ({3} devices)",
                    reverted.summary(), reverted.who(), why, previous.devices().size());
            record(now, "gateway", reverted.summary(), "REVERTED", why + "; applied by " + reverted.who());
            event("configuration reverted: '" + reverted.summary() + "' by " + reverted.who() + " was " + why
                    + "; the previous profile is back", now);
        } catch (IOException | ProfileException e) {
            LOG.log(Level.ERROR, "the unconfirmed change could not be reverted: {0}; trying again in a minute",
                    e.toString());
            record(now, "gateway", pending.summary(), "REVERT_FAILED", e.getMessage());
            revert = timer.schedule(this::revertUnconfirmed, 1, TimeUnit.MINUTES);
        }
    }

    private Path backup() {
        return editor.profile().resolveSibling(editor.profile().getFileName() + ".previous");
    }

    private void record(long time, String who, String change, String outcome, String reason) {
        try {
            audit.append(new AuditLog.ConfigEntry(time, who, change, outcome, reason));
        } catch (IOException e) {
            LOG.log(Level.ERROR, "configuration audit not written ({0}) for: {1} {2}", e.getMessage(), outcome, change);
        }
    }

    private void event(String text, long time) {
        try {
            store.append(List.of(Sample.good(GatewayPoints.STORE_EVENT.id(),
                    Value.of(GatewayPoints.STORE_EVENT.type(), text), time)), Lane.PRIORITY);
        } catch (StoreException | RuntimeException e) {
            LOG.log(Level.ERROR, "configuration event not stored, it is in the audit only: {0}", e.getMessage());
        }
    }

    private void savePending() throws IOException {
        Properties p = new Properties();
        p.setProperty("appliedAt", Long.toString(pending.appliedAt()));
        p.setProperty("revertAt", Long.toString(pending.revertAt()));
        p.setProperty("who", pending.who());
        p.setProperty("summary", pending.summary());
        java.io.StringWriter out = new java.io.StringWriter();
        p.store(out, "a configuration change waiting for its confirm");
        Files.createDirectories(pendingFile.getParent());
        AtomicFiles.write(pendingFile, out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private void clearPending() {
        pending = null;
        revert = null;
        try {
            Files.deleteIfExists(pendingFile);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "could not remove {0}: {1}", pendingFile, e.toString());
        }
    }

    /** A change left pending when the gateway stopped (or crashed) still reverts when its time comes. */
    private synchronized void resumePending() throws IOException {
        if (!Files.exists(pendingFile)) {
            return;
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(pendingFile)) {
            p.load(in);
        }
        pending = new Pending(Long.parseLong(p.getProperty("appliedAt")), Long.parseLong(p.getProperty("revertAt")),
                p.getProperty("who"), p.getProperty("summary"));
        // Never longer than the window itself: a board without a real-time clock may start with its
        // clock far behind, and if the change cut the network NTP never puts it right.
        long delay = Math.min(Math.max(0, pending.revertAt() - System.currentTimeMillis()),
                Math.max(0, pending.revertAt() - pending.appliedAt()));
        LOG.log(Level.WARNING, "configuration change ''{0}'' waits for its confirm; it reverts in {1} s",
                pending.summary(), delay / 1000);
        revert = timer.schedule(this::revertUnconfirmed, delay, TimeUnit.MILLISECONDS);
    }

    private static String describe(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
