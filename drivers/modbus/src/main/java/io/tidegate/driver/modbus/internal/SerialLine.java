package io.tidegate.driver.modbus.internal;

import com.fazecast.jSerialComm.SerialPort;
import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.net.SerialConnection;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.tidegate.driver.modbus.ModbusSettings;
import java.io.IOException;

/**
 * A serial port, opened through j2mod's jSerialComm connection with the device's line settings
 * (baud, parity, data and stop bits, RS-485 transmit control).
 */
final class SerialLine implements ByteLine {
    private final ModbusSettings settings;
    private SerialConnection connection;
    private byte[] scratch = new byte[512];

    SerialLine(ModbusSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open() throws IOException {
        SerialParameters p = new SerialParameters();
        p.setPortName(settings.serialPort());
        p.setBaudRate(settings.baud());
        p.setDatabits(settings.dataBits());
        p.setStopbits(settings.stopBits());
        p.setParity(switch (settings.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
        });
        p.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        p.setEcho(false);
        p.setOpenDelay(0);
        if (settings.rs485()) {
            p.setRs485Mode(true);
            p.setRs485TxEnableActiveHigh(settings.rs485TxActiveHigh());
            p.setRs485DelayBeforeTxMicroseconds(settings.rs485DelayBeforeMicros());
            p.setRs485DelayAfterTxMicroseconds(settings.rs485DelayAfterMicros());
        }
        SerialConnection c = new SerialConnection(p);
        c.open();
        connection = c;
    }

    @Override
    public boolean isOpen() {
        return connection != null && connection.isOpen();
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        int n = connection.writeBytes(bytes, bytes.length);
        if (n != bytes.length) {
            throw new IOException("wrote " + n + " of " + bytes.length + " bytes to " + name());
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
        connection.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, Math.max(1, timeoutMillis), 0);
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        int n = connection.readBytes(scratch, length);
        if (n < 0) {
            throw new IOException("cannot read from " + name() + " (unplugged?)");
        }
        System.arraycopy(scratch, 0, buffer, offset, n);
        return n;
    }

    @Override
    public int available() throws IOException {
        int n = connection.bytesAvailable();
        if (n < 0) {
            throw new IOException("cannot read from " + name() + " (unplugged?)");
        }
        return n;
    }

    @Override
    public String name() {
        return settings.serialPort();
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
