package io.tidegate.driver.modbus.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Modbus TCP: MBAP frames over one TCP connection. Every request gets a new transaction id; an
 * answer carrying the id of an earlier request that timed out is a late answer and is dropped,
 * while an id that was never sent means the stream cannot be trusted, so the connection is
 * dropped and made again.
 */
final class TcpLink implements ModbusLink {
    /** How many earlier transaction ids are remembered as "late answers are harmless". */
    private static final int REMEMBERED = 16;

    private final String host;
    private final int port;
    private final Deque<Integer> recent = new ArrayDeque<>();
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int nextTransaction = 1;

    TcpLink(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public synchronized byte[] exchange(int unit, Pdu request, Duration timeout) throws ModbusFault {
        long deadline = System.nanoTime() + timeout.toNanos();
        connect(timeout);
        int tid = nextTransaction;
        nextTransaction = (nextTransaction + 1) & 0xFFFF;
        byte[] pdu = request.bytes();
        byte[] frame = new byte[7 + pdu.length];
        frame[0] = (byte) (tid >> 8);
        frame[1] = (byte) tid;
        frame[4] = (byte) ((pdu.length + 1) >> 8);
        frame[5] = (byte) (pdu.length + 1);
        frame[6] = (byte) unit;
        System.arraycopy(pdu, 0, frame, 7, pdu.length);
        try {
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            close();
            throw new ModbusFault(ModbusFault.Kind.CONNECTION, "sending to " + endpoint() + " failed: " + e.getMessage(), e);
        }
        remember(tid);
        while (true) {
            byte[] header = new byte[7];
            readFully(header, deadline, unit, true);
            int rtid = ((header[0] & 0xFF) << 8) | (header[1] & 0xFF);
            int protocol = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
            if (protocol != 0 || length < 2 || length > 254) {
                close();
                throw new ModbusFault(ModbusFault.Kind.WRONG_TRANSACTION, "not a Modbus TCP header from " + endpoint()
                        + " (protocol " + protocol + ", length " + length + "); connection dropped");
            }
            byte[] body = new byte[length - 1];
            readFully(body, deadline, unit, false);
            if (rtid == tid) {
                if ((header[6] & 0xFF) != unit) {
                    throw new ModbusFault(ModbusFault.Kind.STALE_RESPONSE, "answer from unit " + (header[6] & 0xFF)
                            + " to a request for unit " + unit);
                }
                return body;
            }
            if (!recent.contains(rtid)) {
                close();
                throw new ModbusFault(ModbusFault.Kind.WRONG_TRANSACTION, "answer with transaction id " + rtid
                        + " to request " + tid + " from " + endpoint() + ": no such request was sent; connection"
                        + " dropped");
            }
            // A late answer to a request that already timed out: drop it and wait for ours.
        }
    }

    private void remember(int tid) {
        recent.addLast(tid);
        if (recent.size() > REMEMBERED) {
            recent.removeFirst();
        }
    }

    private void readFully(byte[] buffer, long deadline, int unit, boolean header) throws ModbusFault {
        int got = 0;
        try {
            while (got < buffer.length) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout((int) Math.max(1, left));
                int n = in.read(buffer, got, buffer.length - got);
                if (n < 0) {
                    close();
                    throw new ModbusFault(ModbusFault.Kind.CONNECTION, endpoint() + " closed the connection");
                }
                got += n;
            }
        } catch (SocketTimeoutException e) {
            if (got > 0 || !header) {
                // Half a frame: the stream is out of step, start over on a fresh connection.
                close();
                throw new ModbusFault(ModbusFault.Kind.SHORT_RESPONSE, "truncated answer from " + endpoint()
                        + " unit " + unit + " (timed out inside a frame); connection dropped");
            }
            throw new ModbusFault(ModbusFault.Kind.TIMEOUT, "no answer from " + endpoint() + " unit " + unit
                    + " within the timeout");
        } catch (IOException e) {
            close();
            throw new ModbusFault(ModbusFault.Kind.CONNECTION, "reading from " + endpoint() + " failed: " + e.getMessage(),
                    e);
        }
    }

    private void connect(Duration timeout) throws ModbusFault {
        if (socket != null) {
            return;
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            in = s.getInputStream();
            out = s.getOutputStream();
            socket = s;
            recent.clear();
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            throw new ModbusFault(ModbusFault.Kind.CONNECTION, "cannot connect to " + endpoint() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String endpoint() {
        return host + ":" + port;
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }
}
