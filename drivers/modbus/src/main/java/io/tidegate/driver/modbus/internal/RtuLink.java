package io.tidegate.driver.modbus.internal;

import com.ghgande.j2mod.modbus.util.ModbusUtil;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Modbus RTU framing on a byte line that several units may share. One request at a time (a fair
 * lock, so no unit starves the others); before each request the line must have been silent for
 * t3.5; anything left on the line is flushed first. A frame ends where its function code says it
 * ends, and must then be followed by t3.5 of silence: more bytes mean a long frame. After any
 * broken frame the line is drained until it has been quiet, so that a late answer can never be
 * taken for the answer to the next request.
 */
final class RtuLink implements ModbusLink {
    /** Quiet time that ends a resynchronisation, at least: long enough for a device's late answer to start. */
    private static final long RESYNC_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * Longest silence accepted inside a frame. The specification's t1.5 is below a millisecond, but
     * USB adapters, pseudo-terminals and device servers deliver a frame in bursts with gaps of
     * several milliseconds; frames are therefore delimited by their length and CRC, and this much
     * silence only declares the rest of a frame lost.
     */
    static final long INTER_CHARACTER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ByteLine line;
    private final long frameGapNanos;
    private final ReentrantLock lock = new ReentrantLock(true);
    private long lastActivityNanos = System.nanoTime();
    private long flushedBytes;

    /**
     * @param frameGapNanos t3.5 of the line (1.75 ms above 19200 baud)
     */
    RtuLink(ByteLine line, long frameGapNanos) {
        this.line = line;
        this.frameGapNanos = frameGapNanos;
    }

    @Override
    public byte[] exchange(int unit, Pdu request, Duration timeout) throws ModbusFault, InterruptedException {
        lock.lockInterruptibly();
        try {
            return exchangeLocked(unit, request, timeout);
        } finally {
            lock.unlock();
        }
    }

    private byte[] exchangeLocked(int unit, Pdu request, Duration timeout) throws ModbusFault {
        try {
            if (!line.isOpen()) {
                line.open();
                lastActivityNanos = System.nanoTime();
            }
        } catch (IOException e) {
            line.close();
            throw new ModbusFault(ModbusFault.Kind.CONNECTION, "cannot open " + line.name() + ": " + e.getMessage(), e);
        }
        try {
            awaitSilence();
            flush();
            byte[] frame = frame(unit, request.bytes());
            line.write(frame);
            lastActivityNanos = System.nanoTime();
            return readAnswer(unit, request, System.nanoTime() + timeout.toNanos());
        } catch (IOException e) {
            line.close();
            throw new ModbusFault(ModbusFault.Kind.CONNECTION, line.name() + ": " + e.getMessage(), e);
        }
    }

    private byte[] readAnswer(int unit, Pdu request, long deadline) throws IOException, ModbusFault {
        byte[] buf = new byte[256 + 8];
        int got = read(buf, 0, 2, deadline);
        if (got == 0) {
            resync();
            throw new ModbusFault(ModbusFault.Kind.TIMEOUT, "no answer from unit " + unit + " on " + line.name()
                    + " within the timeout");
        }
        if (got < 2) {
            resync();
            throw truncated(unit, got, 2);
        }
        int function = buf[1] & 0xFF;
        int total;
        if (function == (request.function() | 0x80)) {
            total = 3 + 2;
        } else if (function == request.function() && function <= 4) {
            int n = read(buf, 2, 1, Math.min(deadline, System.nanoTime() + INTER_CHARACTER_NANOS));
            if (n == 0) {
                resync();
                throw truncated(unit, 2, 3);
            }
            total = 3 + (buf[2] & 0xFF) + 2;
        } else if (function == request.function()) {
            total = 6 + 2;
        } else {
            resync();
            throw new ModbusFault(ModbusFault.Kind.STALE_RESPONSE, "unit " + (buf[0] & 0xFF) + " answered function "
                    + function + " to a function " + request.function() + " request for unit " + unit + " on "
                    + line.name() + " (a late or garbled answer); line flushed");
        }
        int have = function == request.function() && function <= 4 ? 3 : 2;
        while (have < total) {
            // Inside a frame the bytes follow each other; a long silence means the rest is lost.
            int n = read(buf, have, total - have, Math.min(deadline, System.nanoTime() + INTER_CHARACTER_NANOS));
            if (n == 0) {
                resync();
                throw truncated(unit, have, total);
            }
            have += n;
        }
        int[] crc = ModbusUtil.calculateCRC(buf, 0, total - 2);
        if ((buf[total - 2] & 0xFF) != crc[0] || (buf[total - 1] & 0xFF) != crc[1]) {
            resync();
            throw new ModbusFault(ModbusFault.Kind.CRC, "CRC error in a " + total + "-byte answer on " + line.name()
                    + " to unit " + unit + "; line flushed");
        }
        // The frame must end here: t3.5 of silence, or the device sent more than it said.
        lastActivityNanos = System.nanoTime();
        awaitSilence();
        if (line.available() > 0) {
            resync();
            throw new ModbusFault(ModbusFault.Kind.LONG_RESPONSE, "answer from unit " + unit + " on " + line.name()
                    + " runs on past its " + total + " bytes; line flushed");
        }
        if ((buf[0] & 0xFF) != unit) {
            throw new ModbusFault(ModbusFault.Kind.STALE_RESPONSE, "answer from unit " + (buf[0] & 0xFF)
                    + " to a request for unit " + unit + " on " + line.name() + " (a late answer)");
        }
        byte[] pdu = new byte[total - 3];
        System.arraycopy(buf, 1, pdu, 0, pdu.length);
        return pdu;
    }

    private ModbusFault truncated(int unit, int got, int expected) {
        return new ModbusFault(ModbusFault.Kind.SHORT_RESPONSE, "truncated answer from unit " + unit + " on "
                + line.name() + ": " + got + " of " + expected + " bytes, then silence; line flushed");
    }

    /** Reads up to {@code length} bytes, waiting until the deadline for the first; 0 on timeout. */
    private int read(byte[] buf, int offset, int length, long deadline) throws IOException {
        int got = 0;
        while (got < length) {
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                break;
            }
            int n = line.read(buf, offset + got, length - got, (int) Math.min(Integer.MAX_VALUE, leftMillis));
            if (n == 0) {
                break;
            }
            got += n;
        }
        lastActivityNanos = System.nanoTime();
        return got;
    }

    /** Waits until the line has been silent for t3.5 since the last byte in or out. */
    private void awaitSilence() {
        long until = lastActivityNanos + frameGapNanos;
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** Drops whatever is waiting on the line: bytes of an answer nobody waits for any more. */
    private void flush() throws IOException {
        byte[] junk = new byte[256];
        int n;
        while ((n = line.available()) > 0) {
            flushedBytes += line.read(junk, 0, Math.min(n, junk.length), 1);
            lastActivityNanos = System.nanoTime();
        }
    }

    /** Drains the line until it has been quiet for a while, so the next request starts on a clean line. */
    private void resync() throws IOException {
        long quiet = Math.max(RESYNC_QUIET_NANOS, 4 * frameGapNanos);
        byte[] junk = new byte[256];
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < quiet) {
            int n = line.read(junk, 0, junk.length, (int) Math.max(1, quiet / 1_000_000));
            if (n > 0) {
                flushedBytes += n;
                quietSince = System.nanoTime();
            }
        }
        lastActivityNanos = System.nanoTime();
    }

    /** Bytes thrown away so far (stale answers, garbage), for health and tests. */
    long flushedBytes() {
        return flushedBytes;
    }

    static byte[] frame(int unit, byte[] pdu) {
        byte[] frame = new byte[pdu.length + 3];
        frame[0] = (byte) unit;
        System.arraycopy(pdu, 0, frame, 1, pdu.length);
        int[] crc = ModbusUtil.calculateCRC(frame, 0, pdu.length + 1);
        frame[pdu.length + 1] = (byte) crc[0];
        frame[pdu.length + 2] = (byte) crc[1];
        return frame;
    }

    @Override
    public String endpoint() {
        return line.name();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            line.close();
        } finally {
            lock.unlock();
        }
    }
}
