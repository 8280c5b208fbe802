package io.tidegate.api;

/** A driver operation failed; {@link #reason()} says how the affected samples are marked. */
public class DriverException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Quality.Reason reason;

    public DriverException(Quality.Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DriverException(Quality.Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Quality.Reason reason() {
        return reason;
    }
}
