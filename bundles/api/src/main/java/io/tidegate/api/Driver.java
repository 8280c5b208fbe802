package io.tidegate.api;

/**
 * A protocol driver, registered as an OSGi service with the service property
 * {@value #NAME_PROPERTY} set to the name a site profile uses in a device's {@code driver:} field.
 * A driver only opens sessions; all per-device state lives in the {@link DeviceSession}.
 */
public interface Driver {
    /** Service property naming the driver, e.g. {@code sim} or {@code modbus-tcp}. */
    String NAME_PROPERTY = "tidegate.driver";

    /**
     * Opens a session to one device. Connection failures may be reported here or on the first
     * read; either way the engine retries on the next poll.
     *
     * @throws DriverException when the device cannot be reached or its settings are unusable
     */
    DeviceSession open(Device device) throws DriverException;
}
