package io.tidegate.driver.modbus.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.UnaryOperator;

/** A line whose device answers each request with {@code answer.apply(request)}. */
final class ScriptedLine implements ByteLine {
    final Deque<UnaryOperator<byte[]>> answers = new ArrayDeque<>();
    final Deque<Byte> pending = new ArrayDeque<>();
    byte[] lastRequest;
    long lastByteReadNanos;
    long shortestSilenceBeforeRequestNanos = Long.MAX_VALUE;

    @Override
    public void open() {
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void write(byte[] bytes) {
        if (lastByteReadNanos != 0) {
            shortestSilenceBeforeRequestNanos = Math.min(shortestSilenceBeforeRequestNanos,
                    System.nanoTime() - lastByteReadNanos);
        }
        lastRequest = bytes.clone();
        UnaryOperator<byte[]> answer = answers.isEmpty() ? r -> new byte[0] : answers.removeFirst();
        for (byte b : answer.apply(bytes)) {
            pending.addLast(b);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException {
        if (pending.isEmpty()) {
            try {
                Thread.sleep(Math.min(timeoutMillis, 5));
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return 0;
        }
        int n = 0;
        while (n < length && !pending.isEmpty()) {
            buffer[offset + n++] = pending.removeFirst();
        }
        lastByteReadNanos = System.nanoTime();
        return n;
    }

    @Override
    public int available() {
        return pending.size();
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public void close() {
    }
}

