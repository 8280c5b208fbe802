package io.tidegate.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Editing the running site from the installer console: one change at a time (a device added,
 * edited or removed, the uplink settings), each validated exactly as the site profile file is,
 * "test read" of a device before it is saved, an atomic apply (optionally undone by itself unless
 * confirmed in time), and the audit of writes and configuration changes. The engine provides it
 * when it runs a profile file; on a gateway configured otherwise (Kura) it is absent.
 */
public interface Commissioning {

    /** One edit of the site profile. */
    sealed interface Change permits DeviceEdit, DeviceRemoval, UplinkEdit {
        /** One line saying what the change does, for the audit. */
        String summary();
    }

    /**
     * Adds a device ({@code originalId} null) or replaces one.
     *
     * @param settings  the driver settings, as the profile's {@code settings:} map
     * @param interval  the default poll interval (e.g. {@code 1s}); blank for the default
     * @param pointsCsv the points as a CSV register map (header line first); null keeps an edited
     *                  device's points as they are
     */
    record DeviceEdit(String originalId, String id, String driver, String interval, Map<String, String> settings,
                      String pointsCsv) implements Change {
        public DeviceEdit {
            // in the installer's order, as the profile will list them
            settings = settings == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        }

        @Override
        public String summary() {
            String what = originalId == null ? "device " + id + " added"
                    : originalId.equals(id) ? "device " + id + " edited" : "device " + originalId + " edited as " + id;
            return pointsCsv == null ? what : what + " (register map imported)";
        }
    }

    /** Removes a device and its points. */
    record DeviceRemoval(String id) implements Change {
        @Override
        public String summary() {
            return "device " + id + " removed";
        }
    }

    /**
     * Sets uplink settings; a blank value removes the key (its default applies). Keys not given keep
     * their values. Secrets are given as file paths ({@code passwordFile}), as in the profile.
     */
    record UplinkEdit(Map<String, String> fields) implements Change {
        public UplinkEdit {
            fields = Map.copyOf(fields);
        }

        @Override
        public String summary() {
            return "uplink settings edited: " + String.join(", ", new java.util.TreeSet<>(fields.keySet()));
        }
    }

    /**
     * What is wrong with a change, and where.
     *
     * @param field   the form field: {@code id}, {@code driver}, {@code interval}, {@code settings},
     *                {@code points} (a row of the register map), {@code uplink.port}, ... or empty for the
     *                change as a whole
     * @param row     for {@code points}: the 1-based line of the register map text; 0 otherwise
     * @param column  for {@code points}: the column (e.g. {@code type}), or empty
     * @param message what is wrong and what is allowed
     */
    record Problem(String field, int row, String column, String message) {
        public Problem {
            Objects.requireNonNull(message, "message");
            field = field == null ? "" : field;
            column = column == null ? "" : column;
        }
    }

    /** One point read once by a test read: its engineering value as text, quality and reason. */
    record Reading(String pointId, String value, String quality, String reason, long timestamp) {
    }

    /** A test read: the problems that stopped it, or one reading per point. */
    record TestRead(List<Problem> problems, List<Reading> readings) {
        public TestRead {
            problems = List.copyOf(problems);
            readings = List.copyOf(readings);
        }
    }

    /** A change applied that comes undone at {@code revertAt} unless confirmed. */
    record Pending(long appliedAt, long revertAt, String who, String summary) {
    }

    /** An apply: refused with problems (nothing changed), or applied (perhaps pending a confirm). */
    record Outcome(List<Problem> problems, Optional<Pending> pending) {
        public Outcome {
            problems = List.copyOf(problems);
        }

        public boolean applied() {
            return problems.isEmpty();
        }
    }

    /**
     * One audited event, newest first in {@link #audit}.
     *
     * @param kind    {@code write} (a command to a point) or {@code config} (apply, confirm, revert)
     * @param who     the console user or the command's origin
     * @param what    the point and value written, or the configuration change
     * @param outcome e.g. {@code ACCEPTED}, {@code APPLIED}, {@code CONFIRMED}, {@code REVERTED}
     */
    record AuditRecord(long time, String kind, String who, String what, String outcome, String reason) {
    }

    /** One device as the profile gives it, points as a CSV register map. */
    record DeviceView(String id, String driver, String interval, Map<String, String> settings, String pointsCsv) {
    }

    /** The running profile, for the edit forms; secrets appear only as file paths. */
    record ProfileView(String gatewayId, List<DeviceView> devices, Map<String, String> uplink) {
    }

    ProfileView profile();

    /** Validates the change against the running profile; an empty list when it would be accepted. */
    List<Problem> check(Change change);

    /** Reads the given points (all when empty) of a device not necessarily saved, once, through its driver. */
    TestRead testRead(DeviceEdit device, List<String> pointIds);

    /**
     * Applies a change atomically and makes the gateway run it. With a positive {@code confirmWithin},
     * the previous profile comes back by itself unless {@link #confirm} is called in time.
     */
    Outcome apply(Change change, String who, Duration confirmWithin);

    /** The change waiting for its confirm, if any. */
    Optional<Pending> pending();

    /** Keeps the pending change; false when nothing was pending (already confirmed or reverted). */
    boolean confirm(String who);

    /** The newest audited writes and configuration changes, newest first. */
    List<AuditRecord> audit(int limit);
}
