package io.tidegate.driver.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Device;
import io.tidegate.api.DriverException;
import io.tidegate.api.Quality.Reason;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimSettingsTest {
    private final FakeTime time = new FakeTime();
    private final SimDriver driver = new SimDriver(time.nanoTime(), time.clock());

    private static Device device(Map<String, String> settings) {
        return new Device("lift-station-3", "sim", settings, List.of());
    }

    private DriverException openFails(Map<String, String> settings) {
        DriverException e = assertThrows(DriverException.class, () -> driver.open(device(settings)));
        assertEquals(Reason.CONFIG_ERROR, e.reason());
        assertTrue(e.getMessage().contains("'lift-station-3'"), e.getMessage());
        return e;
    }

    @Test
    void defaultsWhenOnlyTheModelIsGiven() throws Exception {
        SimSettings s = SimSettings.of(device(Map.of("model", "pump-station")));
        assertEquals(new SimSettings("pump-station", 1, 1.0, null, 20.0), s);
        assertNull(s.faultFile());
    }

    @Test
    void readsEverySetting() throws Exception {
        SimSettings s = SimSettings.of(device(Map.of("model", "pump-station", "seed", "-12", "speedup", "250.5",
                "faultFile", "/tmp/cut", "inflowMean", "55")));
        assertEquals(new SimSettings("pump-station", -12, 250.5, Path.of("/tmp/cut"), 55.0), s);
    }

    @Test
    void missingModelNamesTheDeviceAndTheAllowedModels() {
        DriverException e = openFails(Map.of("seed", "3"));
        assertTrue(e.getMessage().contains("'model' is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("pump-station, energy-meter"), e.getMessage());
    }

    @Test
    void unknownModelNamesTheDeviceAndTheAllowedModels() {
        DriverException e = openFails(Map.of("model", "pumpstation"));
        assertTrue(e.getMessage().contains("unknown simulator model 'pumpstation'"), e.getMessage());
        assertTrue(e.getMessage().contains("pump-station, energy-meter"), e.getMessage());
    }

    @Test
    void nonNumericSeedIsRefused() {
        DriverException e = openFails(Map.of("model", "energy-meter", "seed", "abc"));
        assertTrue(e.getMessage().contains("'seed' = 'abc' is not a whole number"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "fast", "NaN", "Infinity"})
    void speedupMustBeAPositiveNumber(String speedup) {
        DriverException e = openFails(Map.of("model", "energy-meter", "speedup", speedup));
        assertTrue(e.getMessage().contains("'speedup' = '" + speedup + "' must be a number above 0"), e.getMessage());
    }

    @Test
    void inflowMeanBelongsToThePumpStationOnly() {
        DriverException e = openFails(Map.of("model", "energy-meter", "inflowMean", "30"));
        assertTrue(e.getMessage().contains("applies only to model pump-station"), e.getMessage());
        openFails(Map.of("model", "pump-station", "inflowMean", "-1"));
    }
}
