package io.tidegate.driver.modbus.internal;

import io.tidegate.driver.modbus.ModbusSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * The serial lines in use. All units on one port share one {@link RtuLink}, so their requests are
 * strictly one after another with the line's frame gap between them; the port closes when the last
 * device using it lets go.
 */
final class SharedLines {
    private record Entry(RtuLink link, ModbusSettings settings, int users) {
    }

    private final Map<String, Entry> lines = new HashMap<>();

    /**
     * The line for a device, opened by the first device that needs it.
     *
     * @throws IllegalArgumentException when the port is already in use with other line settings
     */
    synchronized RtuLink acquire(ModbusSettings s) {
        Entry e = lines.get(s.serialPort());
        if (e == null) {
            RtuLink link = new RtuLink(new SerialLine(s), s.t35Nanos());
            lines.put(s.serialPort(), new Entry(link, s, 1));
            return link;
        }
        ModbusSettings first = e.settings();
        if (first.baud() != s.baud() || first.parity() != s.parity() || first.dataBits() != s.dataBits()
                || first.stopBits() != s.stopBits() || first.rs485() != s.rs485()) {
            throw new IllegalArgumentException("serial port " + s.serialPort() + " is already used at "
                    + first.endpoint() + " by another device; every unit on one line must use the same baud,"
                    + " parity, data and stop bits");
        }
        lines.put(s.serialPort(), new Entry(e.link(), first, e.users() + 1));
        return e.link();
    }

    synchronized void release(ModbusSettings s) {
        Entry e = lines.get(s.serialPort());
        if (e == null) {
            return;
        }
        if (e.users() <= 1) {
            lines.remove(s.serialPort());
            e.link().close();
        } else {
            lines.put(s.serialPort(), new Entry(e.link(), e.settings(), e.users() - 1));
        }
    }
}
