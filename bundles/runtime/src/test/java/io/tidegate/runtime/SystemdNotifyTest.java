package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decisions SystemdNotify takes from systemd's environment, with a stand-in for systemd-notify
 * that records its arguments. The real systemd-notify and a real notify socket are in
 * hardware-tests (DebianPackageTest).
 */
class SystemdNotifyTest {
    @TempDir
    Path dir;

    private Path recorder() throws Exception {
        Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$*\" >> " + dir.resolve("sent") + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private List<String> sent() throws Exception {
        Path sent = dir.resolve("sent");
        return Files.exists(sent) ? Files.readAllLines(sent) : List.of();
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.call()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void outsideSystemdNothingIsSent() throws Exception {
        SystemdNotify n = SystemdNotify.fromEnvironment(Map.of("TIDEGATE_SYSTEMD_NOTIFY", recorder().toString()));
        assertFalse(n.active());
        n.ready("running", () -> true);
        n.close();
        assertEquals(List.of(), sent());
    }

    @Test
    void readyThenAPingEveryHalfWatchdogPeriodWhileHealthy() throws Exception {
        SystemdNotify n = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify",
                "WATCHDOG_USEC", "400000", "TIDEGATE_SYSTEMD_NOTIFY", recorder().toString()));
        assertEquals(200, n.pingMillis());
        n.ready("running site.yaml", () -> true);
        await(() -> sent().stream().filter(l -> l.equals("WATCHDOG=1")).count() >= 2);
        n.close();
        assertEquals("READY=1 STATUS=running site.yaml", sent().get(0));
        assertTrue(sent().contains("STOPPING=1"), sent().toString());
    }

    @Test
    void noPingWhileTheFrameworkIsNotActive() throws Exception {
        SystemdNotify n = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify",
                "WATCHDOG_USEC", "200000", "TIDEGATE_SYSTEMD_NOTIFY", recorder().toString()));
        n.ready("running", () -> false);
        Thread.sleep(600); // several periods: a ping would have come by now
        n.close();
        assertEquals(List.of("READY=1 STATUS=running", "STOPPING=1"), sent());
    }

    @Test
    void aWatchdogMeantForAnotherProcessIsNotPinged() throws Exception {
        SystemdNotify n = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "/run/systemd/notify",
                "WATCHDOG_USEC", "200000", "WATCHDOG_PID", "1", "TIDEGATE_SYSTEMD_NOTIFY", recorder().toString()));
        assertTrue(n.active());
        assertEquals(0, n.pingMillis());
    }
}
