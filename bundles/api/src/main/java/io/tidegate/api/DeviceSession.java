package io.tidegate.api;

import java.util.List;
import java.util.function.Consumer;

/**
 * A live session with one field device. The engine calls a session from one thread at a time.
 */
public interface DeviceSession extends AutoCloseable {

    /**
     * Reads a batch of points of this device.
     *
     * @return one sample per requested point, in request order, with the raw (unscaled) value; a
     *         point that could not be read gets a bad-quality sample with the reason
     * @throws DriverException when the whole batch failed (device not answering, connection lost);
     *         the engine then records a bad sample for every point with the exception's reason
     */
    List<Sample> read(List<Point> points) throws DriverException;

    /**
     * Writes a raw (unscaled) value to a point.
     *
     * @throws DriverException when the device refused or did not answer
     */
    void write(Point point, Value raw) throws DriverException;

    /**
     * Asks the device to push changes instead of being polled (OPC UA subscriptions, for one).
     * Drivers that cannot do this keep the default, and the engine polls.
     *
     * @return a handle that cancels the subscription when closed
     * @throws DriverException when the subscription cannot be made
     */
    default AutoCloseable subscribe(List<Point> points, Consumer<List<Sample>> sink) throws DriverException {
        throw new DriverException(Quality.Reason.CONFIG_ERROR, "this driver cannot subscribe; poll instead");
    }

    /** True when {@link #subscribe} is supported. */
    default boolean canSubscribe() {
        return false;
    }

    /** Closes the session and releases the connection. Never throws. */
    @Override
    void close();
}
