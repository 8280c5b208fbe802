package io.tidegate.driver.modbus.internal;

import java.io.IOException;

/** A raw byte pipe that carries RTU frames: a serial port, or a TCP connection to a serial device server. */
interface ByteLine {
    void open() throws IOException;

    boolean isOpen();

    void write(byte[] bytes) throws IOException;

    /**
     * Reads what is there, waiting at most {@code timeoutMillis} for the first byte.
     *
     * @return bytes read, 0 when none came in time
     * @throws IOException when the line is gone
     */
    int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException;

    /** Bytes waiting to be read. */
    int available() throws IOException;

    String name();

    void close();
}
