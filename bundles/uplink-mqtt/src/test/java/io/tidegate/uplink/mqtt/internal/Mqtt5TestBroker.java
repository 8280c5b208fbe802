package io.tidegate.uplink.mqtt.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * A minimal MQTT 5 server for unit tests (no MQTT 5 broker runs in a JVM from Maven Central): one
 * client at a time; it records each CONNECT's session settings, every SUBSCRIBE and PUBLISH in
 * order, and the Will when a client drops its socket without DISCONNECT; it answers CONNECT with
 * {@link #connackCode} (and {@link #receiveMaximum}), and each QoS 1 PUBLISH with the PUBACK reason
 * code {@link #pubackCode} gives for its topic, after {@link #ackDelayMillis}. The real-broker tests
 * of MQTT 5 run against Mosquitto (hardware-tests).
 */
final class Mqtt5TestBroker implements AutoCloseable {
    record Connect(int protocolLevel, boolean cleanStart, long sessionExpiry, String willTopic, byte[] willPayload,
                   String username) {
    }

    record Publish(String topic, byte[] payload) {
    }

    final List<Connect> connects = new CopyOnWriteArrayList<>();
    /** "SUBSCRIBE topic" and "PUBLISH topic" in the order they arrived. */
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Publish> published = new CopyOnWriteArrayList<>();
    /** Publishes acknowledged with a success code. */
    final List<Publish> accepted = new CopyOnWriteArrayList<>();
    /** Wills published because a client dropped its connection without DISCONNECT. */
    final List<Publish> wills = new CopyOnWriteArrayList<>();
    volatile int connackCode;
    /** Sent in CONNACK when above 0. */
    volatile int receiveMaximum;
    volatile ToIntFunction<String> pubackCode = topic -> 0;
    volatile long ackDelayMillis;

    private final ServerSocket server;
    private final Thread acceptor;
    private final ScheduledExecutorService acker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt5-test-broker-acker");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private final AtomicInteger mostUnacknowledged = new AtomicInteger();
    private volatile Socket client;

    Mqtt5TestBroker() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "mqtt5-test-broker");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The most QoS 1 publishes that were ever waiting for their PUBACK at once. */
    int mostUnacknowledged() {
        return mostUnacknowledged.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                client = socket;
                serve(socket);
            } catch (IOException e) {
                // client gone or server closed; take the next one
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        Connect connect = null;
        boolean cleanDisconnect = false;
        try {
            while (true) {
                int header = in.readUnsignedByte();
                byte[] body = new byte[readVarInt(in)];
                in.readFully(body);
                Reader r = new Reader(body);
                switch (header >> 4) {
                    case 1 -> {
                        connect = readConnect(r);
                        connects.add(connect);
                        send(out, 0x20, connack());
                        if (connackCode != 0) {
                            return;
                        }
                    }
                    case 8 -> subscribe(r, out);
                    case 3 -> publish(header, r, out);
                    case 12 -> send(out, 0xD0, new byte[0]);
                    case 14 -> {
                        cleanDisconnect = true;
                        return;
                    }
                    default -> {
                        // PUBACK/others from the client: nothing to do here
                    }
                }
            }
        } catch (EOFException e) {
            // socket closed by the client
        } finally {
            if (connect != null && connackCode == 0 && !cleanDisconnect && connect.willTopic() != null) {
                wills.add(new Publish(connect.willTopic(), connect.willPayload()));
            }
        }
    }

    private static Connect readConnect(Reader r) {
        r.string(); // "MQTT"
        int level = r.u8();
        int flags = r.u8();
        r.u16(); // keep-alive
        long sessionExpiry = r.properties();
        r.string(); // client id
        String willTopic = null;
        byte[] willPayload = null;
        if ((flags & 0x04) != 0) {
            r.properties();
            willTopic = r.string();
            willPayload = r.binary();
        }
        String username = (flags & 0x80) != 0 ? r.string() : null;
        return new Connect(level, (flags & 0x02) != 0, sessionExpiry, willTopic, willPayload, username);
    }

    private byte[] connack() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0); // no session present
        b.write(connackCode);
        if (receiveMaximum > 0) {
            b.write(3);
            b.write(0x21);
            b.write(receiveMaximum >> 8);
            b.write(receiveMaximum & 0xFF);
        } else {
            b.write(0);
        }
        return b.toByteArray();
    }

    private void subscribe(Reader r, OutputStream out) throws IOException {
        int id = r.u16();
        r.properties();
        ByteArrayOutputStream suback = new ByteArrayOutputStream();
        suback.write(id >> 8);
        suback.write(id & 0xFF);
        suback.write(0); // no properties
        while (r.remaining() > 0) {
            events.add("SUBSCRIBE " + r.string());
            r.u8(); // options
            suback.write(1); // granted QoS 1
        }
        send(out, 0x90, suback.toByteArray());
    }

    private void publish(int header, Reader r, OutputStream out) {
        int qos = (header >> 1) & 3;
        String topic = r.string();
        int id = qos > 0 ? r.u16() : 0;
        r.properties();
        Publish p = new Publish(topic, r.rest());
        published.add(p);
        events.add("PUBLISH " + topic);
        if (qos == 0) {
            return;
        }
        mostUnacknowledged.accumulateAndGet(unacknowledged.incrementAndGet(), Math::max);
        int code = pubackCode.applyAsInt(topic);
        acker.schedule(() -> {
            unacknowledged.decrementAndGet();
            if (code < 0x80) {
                accepted.add(p);
            }
            try {
                send(out, 0x40, new byte[] {(byte) (id >> 8), (byte) id, (byte) code, 0});
            } catch (IOException e) {
                // the client has gone; its session is over
            }
        }, ackDelayMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void send(OutputStream out, int header, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.write(body);
        out.write(packet.toByteArray());
        out.flush();
    }

    private static int readVarInt(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket c = client;
        if (c != null) {
            c.close();
        }
        acker.shutdownNow();
    }

    /** Reads MQTT 5 packet fields from one packet's body. */
    private static final class Reader {
        private final byte[] data;
        private int pos;

        Reader(byte[] data) {
            this.data = data;
        }

        int remaining() {
            return data.length - pos;
        }

        int u8() {
            return data[pos++] & 0xFF;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        long u32() {
            return ((long) u16() << 16) | u16();
        }

        int varInt() {
            int value = 0;
            for (int shift = 0; ; shift += 7) {
                int b = u8();
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }

        byte[] binary() {
            int length = u16();
            byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + length);
            pos += length;
            return out;
        }

        String string() {
            return new String(binary(), StandardCharsets.UTF_8);
        }

        byte[] rest() {
            byte[] out = java.util.Arrays.copyOfRange(data, pos, data.length);
            pos = data.length;
            return out;
        }

        /** Skips a property block; returns its Session Expiry Interval (0 when absent). */
        long properties() {
            int end = varInt() + pos;
            long sessionExpiry = 0;
            while (pos < end) {
                int id = varInt();
                switch (id) {
                    case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> u8();
                    case 0x13, 0x21, 0x22, 0x23 -> u16();
                    case 0x11 -> sessionExpiry = u32();
                    case 0x02, 0x18, 0x27 -> u32();
                    case 0x0B -> varInt();
                    case 0x26 -> {
                        string();
                        string();
                    }
                    case 0x09, 0x16 -> binary();
                    default -> string(); // 0x03, 0x08, 0x12, 0x15, 0x1A, 0x1C, 0x1F
                }
            }
            return sessionExpiry;
        }
    }
}
