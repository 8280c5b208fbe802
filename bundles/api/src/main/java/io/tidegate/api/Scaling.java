package io.tidegate.api;

/**
 * Linear scaling from the raw device value to the engineering value: {@code eng = raw * factor + offset}.
 */
public record Scaling(double factor, double offset) {
    public static final Scaling IDENTITY = new Scaling(1.0, 0.0);

    public Scaling {
        if (factor == 0.0 || !Double.isFinite(factor) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("scaling factor must be finite and non-zero, offset finite");
        }
    }

    public boolean isIdentity() {
        return factor == 1.0 && offset == 0.0;
    }

    public double toEngineering(double raw) {
        return raw * factor + offset;
    }

    public double toRaw(double engineering) {
        return (engineering - offset) / factor;
    }
}
