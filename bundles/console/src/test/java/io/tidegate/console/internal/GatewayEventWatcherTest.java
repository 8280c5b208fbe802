package io.tidegate.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Point;
import io.tidegate.api.Sample;
import io.tidegate.api.SiteModel;
import io.tidegate.api.Value;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which changes become events: health transitions (not every look), the store alarm going on and off, and the store's and commands' events. */
class GatewayEventWatcherTest {
    @TempDir
    Path dir;

    /** A site whose health and latest values the test sets (a stand-in for the engine: a unit test). */
    private static final class Site implements SiteModel {
        final Map<String, DeviceHealth> health = new HashMap<>();
        final Map<String, Sample> latest = new HashMap<>();

        @Override
        public String gatewayId() {
            return "gw";
        }

        @Override
        public List<Device> devices() {
            return List.of(new Device("station", "sim", Map.of(), List.of()), new Device("meter", "sim", Map.of(), List.of()));
        }

        @Override
        public Optional<Point> point(String pointId) {
            return Optional.empty();
        }

        @Override
        public Optional<DeviceHealth> health(String deviceId) {
            return Optional.ofNullable(health.get(deviceId));
        }

        @Override
        public long samplesRead() {
            return 0;
        }

        @Override
        public Optional<Sample> latest(String pointId) {
            return Optional.ofNullable(latest.get(pointId));
        }
    }

    @Test
    void transitionsOnlyNewestFirst() throws Exception {
        Site site = new Site();
        try (EventHistory history = EventHistory.open(dir.resolve("events.log"), 100)) {
            GatewayEventWatcher watcher = new GatewayEventWatcher(site, history);
            site.health.put("station", new DeviceHealth("station", DeviceHealth.State.UP, "", 1));
            site.health.put("meter", new DeviceHealth("meter", DeviceHealth.State.DOWN, "COMM_FAILURE: no answer", 2));
            watcher.look();
            watcher.look();
            site.health.put("station", new DeviceHealth("station", DeviceHealth.State.DEGRADED, "2 points bad", 3));
            site.latest.put(GatewayPoints.STORE_ALARM.id(), Sample.good(GatewayPoints.STORE_ALARM.id(), Value.ofBoolean(true), 4));
            watcher.look();
            site.latest.put(GatewayPoints.STORE_ALARM.id(), Sample.good(GatewayPoints.STORE_ALARM.id(), Value.ofBoolean(false), 5));
            watcher.look();
            watcher.gatewayEvents(List.of(
                    Sample.good(GatewayPoints.COMMAND_EVENT.id(), Value.of(DataType.STRING, "refused: pump9/speed"), 6),
                    Sample.good(GatewayPoints.STORE_ALARM.id(), Value.ofBoolean(true), 6)));
            long deadline = System.nanoTime() + 10_000_000_000L; // recorded on the watcher's own thread
            while (history.newest(10).size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            watcher.close();

            assertEquals(List.of(
                    "command command refused: pump9/speed",
                    "alarm store store alarm cleared: the store takes readings again",
                    "alarm store store alarm raised: the store refuses readings (disk full or database failing); the newest are held in memory",
                    "device station DEGRADED: 2 points bad",
                    "device meter DOWN: COMM_FAILURE: no answer"),
                    history.newest(10).stream().map(e -> e.kind() + " " + e.source() + " " + e.text()).toList(),
                    "a device already UP at the start is no event; the alarm comes from the engine's state only");
        }
    }
}
