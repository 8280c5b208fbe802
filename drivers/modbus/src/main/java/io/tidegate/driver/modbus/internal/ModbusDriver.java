package io.tidegate.driver.modbus.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceSession;
import io.tidegate.api.Driver;
import io.tidegate.api.DriverException;
import io.tidegate.api.Quality.Reason;
import io.tidegate.driver.modbus.ModbusSettings;
import io.tidegate.driver.modbus.ModbusSettings.Transport;
import java.util.concurrent.TimeUnit;

/** Opens sessions for one transport; the three OSGi components below differ only in that. */
abstract class ModbusDriver implements Driver {
    /** Serial lines are shared by every device on them, across the three components. */
    static final SharedLines SERIAL_LINES = new SharedLines();

    private final Transport transport;

    ModbusDriver(Transport transport) {
        this.transport = transport;
    }

    @Override
    public DeviceSession open(Device device) throws DriverException {
        ModbusSettings s;
        try {
            s = ModbusSettings.parse(transport.driverName(), device.settings());
        } catch (IllegalArgumentException e) {
            throw new DriverException(Reason.CONFIG_ERROR, "Modbus device '" + device.id() + "': " + e.getMessage());
        }
        return open(device, s);
    }

    static ModbusSession open(Device device, ModbusSettings s) throws DriverException {
        return switch (s.transport()) {
            case TCP -> {
                TcpLink link = new TcpLink(s.host(), s.port());
                yield new ModbusSession(device, s, new ModbusClient(link, s), link::close);
            }
            case RTU_OVER_TCP -> {
                // Frames pass through a device server to a serial line whose speed we do not know:
                // the spec's shortest frame gap is the safe choice.
                RtuLink link = new RtuLink(new SocketLine(s.host(), s.port(), (int) s.timeout().toMillis()),
                        TimeUnit.MICROSECONDS.toNanos(1750));
                yield new ModbusSession(device, s, new ModbusClient(link, s), link::close);
            }
            case RTU -> {
                RtuLink link;
                try {
                    link = SERIAL_LINES.acquire(s);
                } catch (IllegalArgumentException e) {
                    throw new DriverException(Reason.CONFIG_ERROR, "Modbus device '" + device.id() + "': "
                            + e.getMessage());
                }
                yield new ModbusSession(device, s, new ModbusClient(link, s), () -> SERIAL_LINES.release(s));
            }
        };
    }
}
