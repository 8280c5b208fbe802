package io.tidegate.api;

/**
 * How a device is doing.
 *
 * @param deviceId  the device
 * @param state     up (last read fully good), degraded (some points bad), down (last read failed)
 * @param lastError the last error, or empty
 * @param since     when the state last changed (epoch ms)
 */
public record DeviceHealth(String deviceId, State state, String lastError, long since) {
    public enum State { UP, DEGRADED, DOWN }
}
