package io.tidegate.driver.sim.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DriverException;
import io.tidegate.api.Quality.Reason;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A simulated device's settings, parsed and checked once at open so that a typo is reported
 * with the device's name instead of surfacing later as odd behaviour.
 *
 * @param model      {@code pump-station} or {@code energy-meter}
 * @param seed       seed of the noise; the same seed replays the same run
 * @param speedup    simulated seconds per real second
 * @param faultFile  while this file exists the device does not answer; null for none
 * @param inflowMean pump station only: mean sewer inflow, L/s
 */
public record SimSettings(String model, long seed, double speedup, Path faultFile, double inflowMean) {
    public static final String MODEL = "model";
    public static final String SEED = "seed";
    public static final String SPEEDUP = "speedup";
    public static final String FAULT_FILE = "faultFile";
    public static final String INFLOW_MEAN = "inflowMean";

    public static final long DEFAULT_SEED = 1;
    public static final double DEFAULT_SPEEDUP = 1.0;

    /**
     * Reads the settings of a device.
     *
     * @throws DriverException CONFIG_ERROR naming the device, the setting and what is allowed
     */
    public static SimSettings of(Device device) throws DriverException {
        Map<String, String> settings = device.settings();
        String model = trimmed(settings.get(MODEL));
        if (model == null) {
            throw error(device, "setting '" + MODEL + "' is missing; allowed models: " + allowedModels());
        }
        if (!SimModels.NAMES.contains(model)) {
            throw error(device, "unknown simulator model '" + model + "'; allowed models: " + allowedModels());
        }
        long seed = DEFAULT_SEED;
        String seedText = trimmed(settings.get(SEED));
        if (seedText != null) {
            try {
                seed = Long.parseLong(seedText);
            } catch (NumberFormatException e) {
                throw error(device, "setting '" + SEED + "' = '" + seedText + "' is not a whole number");
            }
        }
        double speedup = positiveNumber(device, SPEEDUP, DEFAULT_SPEEDUP, "simulated seconds per real second");
        Path faultFile = null;
        String faultText = trimmed(settings.get(FAULT_FILE));
        if (faultText != null) {
            try {
                faultFile = Path.of(faultText);
            } catch (InvalidPathException e) {
                throw error(device, "setting '" + FAULT_FILE + "' = '" + faultText + "' is not a valid path: "
                        + e.getReason());
            }
        }
        if (!model.equals(PumpStationModel.NAME) && settings.containsKey(INFLOW_MEAN)) {
            throw error(device, "setting '" + INFLOW_MEAN + "' applies only to model " + PumpStationModel.NAME);
        }
        double inflowMean = positiveNumber(device, INFLOW_MEAN, PumpStationModel.DEFAULT_INFLOW_MEAN_LPS,
                "litres per second");
        return new SimSettings(model, seed, speedup, faultFile, inflowMean);
    }

    private static double positiveNumber(Device device, String key, double fallback, String meaning)
            throws DriverException {
        String text = trimmed(device.settings().get(key));
        if (text == null) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value > 0) || !Double.isFinite(value)) {
            throw error(device, "setting '" + key + "' = '" + text + "' must be a number above 0 (" + meaning + ")");
        }
        return value;
    }

    private static String trimmed(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return text.trim();
    }

    private static String allowedModels() {
        return String.join(", ", SimModels.NAMES);
    }

    private static DriverException error(Device device, String problem) {
        return new DriverException(Reason.CONFIG_ERROR, "simulated device '" + device.id() + "': " + problem);
    }
}
