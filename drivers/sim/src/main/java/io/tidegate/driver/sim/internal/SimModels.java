package io.tidegate.driver.sim.internal;

import java.util.List;

/** The models the simulator knows, by the name a device's {@code model} setting uses. */
public final class SimModels {
    /** Allowed values of the {@code model} setting. */
    public static final List<String> NAMES = List.of(PumpStationModel.NAME, EnergyMeterModel.NAME);

    private SimModels() {
    }

    /** The valid point addresses of a model, in a stable order; empty for an unknown model. */
    public static List<String> addresses(String model) {
        return variables(model).stream().map(SimVariable::address).toList();
    }

    /** The variables of a model with their natural types and units; empty for an unknown model. */
    public static List<SimVariable> variables(String model) {
        if (PumpStationModel.NAME.equals(model)) {
            return PumpStationModel.allVariables();
        }
        if (EnergyMeterModel.NAME.equals(model)) {
            return EnergyMeterModel.allVariables();
        }
        return List.of();
    }

    /** A fresh model for validated settings. */
    static SimModel create(SimSettings settings) {
        return switch (settings.model()) {
            case PumpStationModel.NAME -> new PumpStationModel(settings.seed(), settings.inflowMean());
            case EnergyMeterModel.NAME -> new EnergyMeterModel(settings.seed());
            default -> throw new IllegalStateException("settings were validated, yet the model is " + settings.model());
        };
    }
}
