package io.tidegate.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Sample;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corrupt file is moved aside on open and the store starts fresh; healthy and newer files are not. */
class QuarantineTest {
    private static final long T = 1_763_700_000_000L;

    @TempDir
    Path dir;

    private static List<Sample> samples(int from, int toExclusive) {
        return IntStream.range(from, toExclusive)
                .mapToObj(i -> Sample.good("station" + (i % 40) + "/analog", Value.of(DataType.INT32, i), T + i))
                .toList();
    }

    private static List<Integer> values(List<StoredSample> stored) {
        return stored.stream().map(s -> (int) s.sample().value().asLong()).toList();
    }

    private List<Path> corruptFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().contains(".corrupt-")).sorted().toList();
        }
    }

    /**
     * The store starts fresh, holding only the event that reports the quarantine upstream (ahead of
     * any telemetry), and works: what goes in comes out.
     */
    private static void assertFreshAndWorking(SqliteSampleStore store) throws StoreException {
        assertEquals(1, store.stats().pending(), "starts empty but for the quarantine event");
        store.append(samples(0, 3));
        List<StoredSample> out = store.next(10);
        Sample event = out.get(0).sample();
        assertEquals(GatewayPoints.STORE_EVENT.id(), event.pointId());
        String text = (String) event.value().raw();
        assertTrue(text.contains("was corrupt and was moved to " + store.quarantined().orElseThrow()), text);
        assertEquals(List.of(0, 1, 2), values(out.subList(1, out.size())));
    }

    @Test
    void randomBytesAreQuarantinedWithTheirWalAndAFreshStoreStarts() throws Exception {
        Path file = dir.resolve("store.db");
        byte[] garbage = new byte[100_000];
        new Random(1).nextBytes(garbage);
        byte[] walGarbage = new byte[5_000];
        new Random(2).nextBytes(walGarbage);
        Files.write(file, garbage);
        Files.write(Path.of(file + "-wal"), walGarbage);

        try (SqliteSampleStore store = new SqliteSampleStore(file)) {
            Path aside = store.quarantined().orElseThrow();
            assertEquals(dir.toAbsolutePath(), aside.getParent(), "same folder");
            assertTrue(aside.getFileName().toString().matches("store\\.db\\.corrupt-\\d{8}-\\d{6}"), aside.toString());
            assertArrayEquals(garbage, Files.readAllBytes(aside), "original bytes, untouched");
            assertArrayEquals(walGarbage, Files.readAllBytes(Path.of(aside + "-wal")), "its -wal moved along");
            assertFreshAndWorking(store);
        }
        // The fresh file is a healthy store that keeps its data.
        try (SqliteSampleStore reopened = new SqliteSampleStore(file)) {
            assertTrue(reopened.quarantined().isEmpty());
            List<StoredSample> again = reopened.next(10);
            assertEquals(GatewayPoints.STORE_EVENT.id(), again.get(0).sample().pointId(),
                    "the unsent quarantine event is kept like any sample");
            assertEquals(List.of(0, 1, 2), values(again.subList(1, again.size())));
        }
    }

    @Test
    void aPageOverwrittenInTheMiddleFailsQuickCheckAndIsQuarantined() throws Exception {
        Path file = dir.resolve("store.db");
        try (SqliteSampleStore store = new SqliteSampleStore(file)) {
            for (int i = 0; i < 20; i++) {
                store.append(samples(i * 1000, (i + 1) * 1000));
            }
        }
        long size = Files.size(file);
        long offset = 16 * 4096; // past the first pages: the header and schema are intact
        assertTrue(size > offset + 3 * 4096, "file large enough to damage in the middle: " + size);
        byte[] damage = new byte[3 * 4096];
        Arrays.fill(damage, (byte) 0x55);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(damage), offset);
        }
        assertNotEquals("ok", SeparateConnection.queryString(file, "PRAGMA quick_check"), "SQLite sees the damage");
        byte[] damaged = Files.readAllBytes(file);

        try (SqliteSampleStore store = new SqliteSampleStore(file)) {
            Path aside = store.quarantined().orElseThrow();
            assertArrayEquals(damaged, Files.readAllBytes(aside));
            assertFreshAndWorking(store);
        }
        // The main file, and beside it any -wal/-shm under the same name, nothing else.
        List<Path> aside = corruptFiles();
        assertEquals(1, aside.stream().filter(f -> f.toString().matches(".*\\.corrupt-\\d{8}-\\d{6}")).count(), aside.toString());
        assertTrue(aside.stream().allMatch(f -> f.toString().matches(".*\\.corrupt-\\d{8}-\\d{6}(-wal|-shm)?")), aside.toString());
    }

    @Test
    void aHealthyFileIsNotQuarantinedAndKeepsItsData() throws Exception {
        Path file = dir.resolve("store.db");
        try (SqliteSampleStore store = new SqliteSampleStore(file)) {
            store.append(samples(0, 5_000));
        }

        try (SqliteSampleStore store = new SqliteSampleStore(file)) {
            assertTrue(store.quarantined().isEmpty());
            assertEquals(5_000, store.stats().pending());
            List<Integer> expected = new ArrayList<>();
            IntStream.range(0, 5_000).forEach(expected::add);
            assertEquals(expected, values(store.next(10_000)));
        }
        assertEquals(List.of(), corruptFiles());
    }

    @Test
    void aFileFromANewerVersionIsRefusedNotQuarantined() throws Exception {
        Path file = dir.resolve("store.db");
        try (SqliteSampleStore store = new SqliteSampleStore(file)) {
            store.append(samples(0, 10));
        }
        SeparateConnection.execute(file, "PRAGMA user_version = 99");

        StoreException e = assertThrows(StoreException.class, () -> new SqliteSampleStore(file));

        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
        assertEquals(List.of(), corruptFiles());
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(Path.of(file + "-wal")));
    }
}
