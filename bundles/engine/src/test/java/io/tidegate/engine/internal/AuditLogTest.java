package io.tidegate.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidegate.api.Commissioning.AuditRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes and configuration changes share one audit file and come back together, newest first. */
class AuditLogTest {
    @TempDir
    Path dir;

    @Test
    void writesAndConfigurationChangesListedNewestFirst() throws Exception {
        Path file = dir.resolve("audit.db");
        try (AuditLog engine = AuditLog.open(file); AuditLog console = AuditLog.open(file)) {
            engine.append(new AuditLog.Entry(1000, "sparkplug:scada", "station", "station/control/start_level", "1.2",
                    "WRITTEN", "ok"));
            console.append(new AuditLog.ConfigEntry(2000, "console@10.0.0.9", "device pump3 added", "APPLIED",
                    "reverts unless confirmed within 5 min"));
            engine.append(new AuditLog.Entry(3000, "sparkplug:scada", "station", "station/control/stop_level", "0.5",
                    "REFUSED", "below min 0.3"));
            console.append(new AuditLog.ConfigEntry(4000, "gateway", "device pump3 added", "REVERTED",
                    "not confirmed within 5 min"));

            List<AuditRecord> recent = console.recent(10);
            assertEquals(List.of(
                    new AuditRecord(4000, "config", "gateway", "device pump3 added", "REVERTED", "not confirmed within 5 min"),
                    new AuditRecord(3000, "write", "sparkplug:scada", "station/control/stop_level := 0.5", "REFUSED",
                            "below min 0.3"),
                    new AuditRecord(2000, "config", "console@10.0.0.9", "device pump3 added", "APPLIED",
                            "reverts unless confirmed within 5 min"),
                    new AuditRecord(1000, "write", "sparkplug:scada", "station/control/start_level := 1.2", "WRITTEN",
                            "ok")), recent);
            assertEquals(2, engine.recent(2).size(), "the limit holds");
        }
        assertEquals(2, AuditLog.read(file).size(), "the command table is unchanged for its existing readers");
    }
}
