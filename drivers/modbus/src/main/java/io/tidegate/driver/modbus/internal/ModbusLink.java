package io.tidegate.driver.modbus.internal;

import java.time.Duration;

/** One way to a Modbus device: a TCP connection, or an RTU line (serial, or tunnelled over TCP). */
interface ModbusLink extends AutoCloseable {
    /**
     * Sends one request and waits for its answer. The link connects first if it must.
     *
     * @return the response PDU (function code and data), whose framing (MBAP or CRC) was checked
     * @throws ModbusFault when no valid frame came back
     */
    byte[] exchange(int unit, Pdu request, Duration timeout) throws ModbusFault, InterruptedException;

    /** Where it goes, for messages. */
    String endpoint();

    /** Closes the connection; the next exchange opens it again. Never throws. */
    @Override
    void close();
}
