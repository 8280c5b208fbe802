package io.tidegate.driver.modbus.internal;

import io.tidegate.api.Driver;
import io.tidegate.driver.modbus.ModbusSettings.Transport;
import org.osgi.service.component.annotations.Component;

/** Driver {@code modbus-tcp}; see docs/modbus.md for its settings. */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=modbus-tcp")
public final class ModbusTcpDriver extends ModbusDriver {
    public ModbusTcpDriver() {
        super(Transport.TCP);
    }
}
