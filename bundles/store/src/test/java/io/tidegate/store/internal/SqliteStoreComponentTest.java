package io.tidegate.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import io.tidegate.api.StoreException;
import io.tidegate.api.StoreStats;
import io.tidegate.api.Value;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component's own logic, driven the way SCR drives it, without a framework. */
class SqliteStoreComponentTest {
    @TempDir
    Path dir;

    private static SqliteStoreConfig config(String path) {
        return config(path, 20, 10_000, SynchronousMode.FULL);
    }

    private static SqliteStoreConfig config(String path, long intervalMillis, int maxSamples, SynchronousMode synchronous) {
        return new SqliteStoreConfig() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public long commitIntervalMillis() {
                return intervalMillis;
            }

            @Override
            public int commitMaxSamples() {
                return maxSamples;
            }

            @Override
            public SynchronousMode synchronous() {
                return synchronous;
            }

            @Override
            public int housekeepingEveryTransactions() {
                return 100;
            }

            @Override
            public long housekeepingIntervalSeconds() {
                return 300;
            }

            @Override
            public long housekeepingMinGapMillis() {
                return 1000;
            }

            @Override
            public int vacuumFreePagesThreshold() {
                return 1024;
            }

            @Override
            public long walSizeLimitBytes() {
                return 8L << 20;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return SqliteStoreConfig.class;
            }

            @Override
            public long maxBytes() {
                return 1L << 30;
            }

            @Override
            public long maxAgeSeconds() {
                return 0;
            }

            @Override
            public CapacityPolicy capacityPolicy() {
                return CapacityPolicy.DROP_OLDEST;
            }
        };
    }

    @Test
    void activateOpensTheConfiguredFileAndDeactivateClosesIt() throws Exception {
        Path file = dir.resolve("data/store.db");
        Sample sample = Sample.good("pump1/flow", Value.of(DataType.FLOAT32, 12.5), 1_763_700_000_000L);
        SqliteStoreComponent component = new SqliteStoreComponent();

        component.activate(config(" " + file + " "));
        component.append(List.of(sample));
        assertEquals(new StoreStats(1, 0, 1, 0), component.stats());
        component.deactivate();

        assertFalse(Files.exists(Path.of(file + "-wal")), "closed cleanly");
        try (SqliteSampleStore reopened = new SqliteSampleStore(file)) {
            assertEquals(sample, reopened.next(1).get(0).sample());
        }
    }

    @Test
    void activateWithoutPathSaysWhatIsMissing() {
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStoreComponent().activate(config("  ")));

        assertTrue(e.getMessage().contains("io.tidegate.store"), e.getMessage());
        assertTrue(e.getMessage().contains("path"), e.getMessage());
    }

    @Test
    void synchronousNormalIsAppliedToTheStoreConnection() throws Exception {
        SqliteStoreComponent component = new SqliteStoreComponent();
        component.activate(config(dir.resolve("normal.db").toString(), 5, 100, SynchronousMode.NORMAL));
        try {
            assertEquals("1", component.store().pragma("synchronous"), "1 = NORMAL");
        } finally {
            component.deactivate();
        }
    }

    @Test
    void invalidCommitSettingsSayWhatIsWrong() {
        StoreException e = assertThrows(StoreException.class, () -> new SqliteStoreComponent()
                .activate(config(dir.resolve("x.db").toString(), 20, 0, SynchronousMode.FULL)));

        assertTrue(e.getMessage().contains("io.tidegate.store"), e.getMessage());
        assertTrue(e.getMessage().contains("commitMaxSamples"), e.getMessage());
    }

    @Test
    void activatesOnACorruptFileWithAFreshStoreAndKeepsTheCorruptOneAside() throws Exception {
        Path file = dir.resolve("data/store.db");
        Files.createDirectories(file.getParent());
        byte[] garbage = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(file, garbage);
        SqliteStoreComponent component = new SqliteStoreComponent();

        component.activate(config(file.toString()));
        try {
            Path aside = component.store().quarantined().orElseThrow();
            assertTrue(java.util.Arrays.equals(garbage, Files.readAllBytes(aside)), "original bytes kept");
            Sample sample = Sample.good("pump1/flow", Value.of(DataType.FLOAT32, 12.5), 1_763_700_000_000L);
            component.append(List.of(sample));
            List<StoredSample> out = component.next(2);
            assertEquals(io.tidegate.api.GatewayPoints.STORE_EVENT.id(), out.get(0).sample().pointId(),
                    "the quarantine is reported upstream first");
            assertEquals(sample, out.get(1).sample());
        } finally {
            component.deactivate();
        }
    }
}
