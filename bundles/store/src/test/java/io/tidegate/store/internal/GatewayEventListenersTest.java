package io.tidegate.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.GatewayEventListener;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Lane;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store tells gateway event listeners (the console's events page) what it committed. */
class GatewayEventListenersTest {
    @TempDir
    Path dir;

    @Test
    void gatewayEventsAppendedAreToldOnceCommittedTelemetryIsNot() throws Exception {
        SqliteStoreComponent component = new SqliteStoreComponent();
        component.activate(config(dir.resolve("store.db").toString(), 0));
        List<Sample> heard = new CopyOnWriteArrayList<>();
        component.addListener(events -> {
            throw new IllegalStateException("a broken listener");
        });
        component.addListener(heard::addAll);
        try {
            Sample command = Sample.good(GatewayPoints.COMMAND_EVENT.id(), Value.of(DataType.STRING, "written: x"), 1L);
            component.append(List.of(Sample.good("pump1/flow", Value.of(DataType.FLOAT32, 1.5), 1L)));
            component.append(List.of(command), Lane.PRIORITY);

            assertEquals(List.of(command), heard, "only the gateway's own events; a broken listener changes nothing");
            assertEquals(2, component.stats().pending(), "both were stored all the same");
        } finally {
            component.deactivate();
        }
    }

    @Test
    void theStoresOwnDropReportsAreToldToo() throws Exception {
        SqliteStoreComponent component = new SqliteStoreComponent();
        // Telemetry older than an hour is dropped at the next housekeeping: after every transaction here.
        component.activate(config(dir.resolve("store.db").toString(), 3600));
        List<Sample> heard = new CopyOnWriteArrayList<>();
        GatewayEventListener listener = heard::addAll;
        component.addListener(listener);
        try {
            long twoHoursAgo = System.currentTimeMillis() - 2 * 3_600_000L;
            List<Sample> old = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                old.add(new Sample("tank/level", Value.of(DataType.FLOAT64, i), Quality.GOOD, twoHoursAgo + i,
                        twoHoursAgo + i));
            }
            component.append(old);
            component.append(List.of(Sample.good("tank/level", Value.of(DataType.FLOAT64, 1.0),
                    System.currentTimeMillis())));

            assertTrue(heard.stream().anyMatch(s -> s.pointId().equals(GatewayPoints.STORE_EVENT.id())
                    && ((String) s.value().raw()).startsWith("10 samples of tank/level dropped")), heard.toString());
            assertTrue(heard.stream().anyMatch(s -> s.pointId().equals(GatewayPoints.STORE_DROPPED.id())
                    && ((Long) s.value().raw()) == 10L), heard.toString());
        } finally {
            component.deactivate();
        }
    }

    /** The configuration SCR would hand over: the defaults, a path, a maximum age, housekeeping after every commit. */
    private static SqliteStoreConfig config(String path, long maxAgeSeconds) {
        return (SqliteStoreConfig) Proxy.newProxyInstance(SqliteStoreConfig.class.getClassLoader(),
                new Class<?>[] {SqliteStoreConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "path" -> path;
                    case "maxAgeSeconds" -> maxAgeSeconds;
                    case "housekeepingEveryTransactions" -> 1;
                    case "housekeepingMinGapMillis" -> 0L;
                    case "annotationType" -> SqliteStoreConfig.class;
                    default -> method.getDefaultValue();
                });
    }
}
