package io.tidegate.driver.sim.internal;

import io.tidegate.api.DataType;

/**
 * One variable a simulated device offers: what a register map or a PLC tag list would say about it.
 *
 * @param address     the name a point uses as its {@code address}
 * @param type        the type the device naturally holds it in
 * @param unit        engineering unit, empty for BOOL and counters
 * @param writable    true when a command may write it
 * @param description what it is, for installers
 */
public record SimVariable(String address, DataType type, String unit, boolean writable, String description) {
}
