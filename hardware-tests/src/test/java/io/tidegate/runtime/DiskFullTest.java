package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the gateway's data directory is a small tmpfs that another file fills up
 * while the gateway runs with its uplink down. The store's appends fail, the gateway holds the newest readings in
 * memory, raises the store alarm and keeps running; when the other file is deleted, everything
 * recovers by itself, and once the link returns the host sees every reading and the alarm raised
 * and cleared. Needs root to mount the tmpfs (CI runs as root); without it the test fails, saying so.
 */
class DiskFullTest {
    // Room for the OSGi bundle cache and a little data. Felix copies every bundle (about 60 MB now) and
    // unpacks embedded libraries only when their classes are first loaded: with 64 MB, the OPC UA
    // bundle's unpacking after the other file was deleted filled the disk again for good on a loaded
    // CI machine (seen: the store full again 3 s after recovering, the uplink unable to delete).
    private static final long FS_BYTES = 256L << 20;

    @TempDir
    Path dir;

    @Test
    void aFullDiskRaisesTheAlarmLosesNothingHeldAndRecoversWhenSpaceReturns() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        mount(data);
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"));
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             LinkRelay link = LinkRelay.to(broker.port())) {
            // One tank of 40 points every 10 ms: about 4,000 samples/s, enough to fill 512 KiB within seconds.
            Path profile = TestSites.fastSimSite(dir.resolve("profile"), "diskfull-gw", link.port(), List.of("tank"), 40,
                    "");
            Path filler = data.resolve("other-application.log");
            try (GatewayProcess gateway = GatewayProcess.start("felix", profile, data, dir.resolve("gateway.log"))) {
                gateway.awaitLog("| uplink OFFLINE", Duration.ofSeconds(60)); // running, buffering
                // Another program fills the disk, leaving 512 KiB: the store's next few seconds.
                fill(filler, data.toFile().getUsableSpace() - (512L << 10));
                gateway.awaitLog("STORE ALARM", Duration.ofSeconds(120));
                Thread.sleep(2_000);
                assertTrue(gateway.isAlive(), "the gateway keeps running on a full disk");
                String log = gateway.log();
                assertTrue(log.contains("is full"), "the store says the disk is full; log:\n" + tail(log));

                Files.delete(filler); // space returns
                gateway.awaitLog("the store accepts readings again", Duration.ofSeconds(60));
                link.up();

                host.await("the store alarm raised and cleared, upstream", Duration.ofSeconds(120), h -> {
                    List<Object> values = h.nodeReadings("store/alarm").stream().map(SparkplugHost.Reading::value).toList();
                    return values.contains(Boolean.TRUE) && Boolean.FALSE.equals(values.get(values.size() - 1));
                });
                // Everything held in memory and buffered meanwhile arrives: no poll missing up to live readings.
                try {
                    host.await("every poll, up to readings taken after the recovery", Duration.ofSeconds(120),
                            h -> contiguousHeartbeats(h)
                                    && h.readings("tank/heartbeat").stream().anyMatch(r -> !r.historical()));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; heartbeats " + gaps(host), e);
                }
                gateway.terminateCleanly();
            }
            assertTrue(contiguousHeartbeats(host), "every poll arrived: the memory ring held what the full disk refused");
        } finally {
            run("umount", "-l", data.toString());
        }
    }

    /**
     * The station's heartbeat counter arrived from the gateway's first polls on without a gap: no
     * poll was lost (the live readings alone, which go out first after an outage, do not count).
     */
    private static boolean contiguousHeartbeats(SparkplugHost host) {
        TreeSet<Long> beats = new TreeSet<>();
        host.readings("tank/heartbeat").forEach(r -> beats.add(((Number) r.value()).longValue()));
        return !beats.isEmpty() && beats.first() <= 10 && beats.last() - beats.first() + 1 == beats.size();
    }

    /** The heartbeat values received, as runs "a-b", to show where polls are missing. */
    private static String gaps(SparkplugHost host) {
        TreeSet<Long> beats = new TreeSet<>();
        host.readings("tank/heartbeat").forEach(r -> beats.add(((Number) r.value()).longValue()));
        StringBuilder runs = new StringBuilder();
        Long start = null;
        Long previous = null;
        for (long beat : beats) {
            if (previous == null || beat != previous + 1) {
                if (start != null) {
                    runs.append(start).append('-').append(previous).append(' ');
                }
                start = beat;
            }
            previous = beat;
        }
        return start == null ? "none" : runs.append(start).append('-').append(previous).toString();
    }

    private static void mount(Path at) throws Exception {
        String result = run("mount", "-t", "tmpfs", "-o", "size=" + FS_BYTES + ",mode=0755", "tmpfs", at.toString());
        if (result != null) {
            throw new AssertionError("could not mount an " + FS_BYTES + "-byte tmpfs at " + at + " (this test needs root,"
                    + " as CI has): " + result);
        }
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "timed out";
        }
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
    }

    /** Writes {@code bytes} of zeros, or as many as fit if the gateway took some of the space meanwhile. */
    private static void fill(Path file, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - written));
            }
        } catch (IOException full) {
            if (!full.getMessage().contains("No space left")) {
                throw full;
            }
        }
    }


    private static String tail(String log) {
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }
}
