package io.tidegate.uplink.mqtt.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;

/**
 * A minimal MQTT 3.1.1 server that accepts one client at a time and acknowledges everything except
 * DDATA publishes, whose PUBACKs it holds back until {@link #acknowledgeData()}: the test controls
 * exactly when the broker has acknowledged the data. {@link #acknowledgeDataSlowly} makes it a broker
 * behind a slow link instead, whose acks come late and one at a time.
 */
final class SilentBroker implements AutoCloseable {
    record Publish(String topic, byte[] payload) {
    }

    private final ServerSocket server;
    private final Thread acceptor;
    final List<Publish> published = new CopyOnWriteArrayList<>();
    private final List<int[]> heldBack = new ArrayList<>(); // {packetId, samples}
    private final AtomicInteger samplesReceived = new AtomicInteger();
    private final AtomicInteger samplesAcked = new AtomicInteger();
    private volatile boolean acknowledgeData;
    private volatile boolean slow;
    private final BlockingQueue<long[]> slowAcks = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private Thread acker;
    private volatile OutputStream out;
    private volatile Socket client;

    SilentBroker() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "silent-broker");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int samplesReceived() {
        return samplesReceived.get();
    }

    int samplesAcked() {
        return samplesAcked.get();
    }

    /** How many MQTT sessions (CONNECTs) clients have opened. */
    int connections() {
        return connections.get();
    }

    /**
     * From now on the broker is behind a slow link: it sends no DDATA ack until {@code backlog}
     * DDATA messages are waiting for one (or {@code maxHoldMillis} passed), then acknowledges them
     * in order, one every {@code intervalMillis}.
     */
    synchronized void acknowledgeDataSlowly(int backlog, long maxHoldMillis, long intervalMillis) {
        slow = true;
        acker = new Thread(() -> ackSlowly(backlog, maxHoldMillis * 1_000_000, intervalMillis * 1_000_000),
                "silent-broker-acker");
        acker.setDaemon(true);
        acker.start();
    }

    private void ackSlowly(int backlog, long maxHoldNanos, long intervalNanos) {
        try {
            long[] first = slowAcks.take(); // {packetId, samples, connection}
            long holdEnd = System.nanoTime() + maxHoldNanos;
            while (slowAcks.size() + 1 < backlog && System.nanoTime() < holdEnd) {
                Thread.sleep(1);
            }
            long[] ack = first;
            while (true) {
                if (ack[2] == connections.get()) {
                    try {
                        pubAck((int) ack[0], (int) ack[1]);
                    } catch (IOException e) {
                        // session gone
                    }
                }
                LockSupport.parkNanos(intervalNanos);
                ack = slowAcks.take();
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** From now on DDATA is acknowledged, and so is every DDATA held back until now. */
    void acknowledgeData() throws IOException {
        synchronized (this) {
            acknowledgeData = true;
            for (int[] held : heldBack) {
                pubAck(held[0], held[1]);
            }
            heldBack.clear();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                client = s;
                out = s.getOutputStream();
                serve(new DataInputStream(s.getInputStream()));
            } catch (IOException e) {
                // client gone or server closed: accept the next one
            }
            synchronized (this) {
                heldBack.clear(); // packet ids of a closed session mean nothing in the next one
            }
        }
    }

    private void serve(DataInputStream in) throws IOException {
        while (true) {
            int header;
            try {
                header = in.readUnsignedByte();
            } catch (EOFException e) {
                return;
            }
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                int b = in.readUnsignedByte();
                length |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            byte[] body = new byte[length];
            in.readFully(body);
            switch (header >> 4) {
                case 1 -> { // CONNECT -> CONNACK accepted
                    connections.incrementAndGet();
                    write(new byte[] {0x20, 0x02, 0x00, 0x00});
                }
                case 8 -> { // SUBSCRIBE -> SUBACK granting QoS 1 to every filter
                    int filters = 0;
                    for (int i = 2; i < body.length; ) {
                        int len = ((body[i] & 0xff) << 8) | (body[i + 1] & 0xff);
                        i += 2 + len + 1;
                        filters++;
                    }
                    byte[] suback = new byte[4 + filters];
                    suback[0] = (byte) 0x90;
                    suback[1] = (byte) (2 + filters);
                    suback[2] = body[0];
                    suback[3] = body[1];
                    for (int f = 0; f < filters; f++) {
                        suback[4 + f] = 1;
                    }
                    write(suback);
                }
                case 3 -> publish(header, body);
                case 12 -> write(new byte[] {(byte) 0xd0, 0x00}); // PINGREQ -> PINGRESP
                case 14 -> {
                    return; // DISCONNECT
                }
                default -> {
                }
            }
        }
    }

    private void publish(int header, byte[] body) throws IOException {
        int qos = (header >> 1) & 3;
        int topicLength = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        String topic = new String(body, 2, topicLength, StandardCharsets.UTF_8);
        int i = 2 + topicLength;
        int packetId = 0;
        if (qos > 0) {
            packetId = ((body[i] & 0xff) << 8) | (body[i + 1] & 0xff);
            i += 2;
        }
        byte[] payload = Arrays.copyOfRange(body, i, body.length);
        published.add(new Publish(topic, payload));
        boolean data = topic.split("/")[2].equals("DDATA");
        int samples = 0;
        if (data) {
            try {
                samples = new SparkplugBPayloadDecoder().buildFromByteArray(payload, null).getMetrics().size();
            } catch (Exception e) {
                throw new IOException("undecodable DDATA", e);
            }
            samplesReceived.addAndGet(samples);
        }
        if (qos == 0) {
            return;
        }
        if (data && slow) {
            slowAcks.add(new long[] {packetId, samples, connections.get()});
            return;
        }
        synchronized (this) {
            if (data && !acknowledgeData) {
                heldBack.add(new int[] {packetId, samples});
            } else {
                pubAck(packetId, samples);
            }
        }
    }

    private void pubAck(int packetId, int samples) throws IOException {
        samplesAcked.addAndGet(samples); // counted before the PUBACK leaves, so the client never sees it first
        write(new byte[] {0x40, 0x02, (byte) (packetId >> 8), (byte) packetId});
    }

    private synchronized void write(byte[] packet) throws IOException {
        OutputStream o = out;
        o.write(packet);
        o.flush();
    }

    @Override
    public void close() throws IOException {
        Thread a;
        synchronized (this) {
            a = acker;
        }
        if (a != null) {
            a.interrupt();
        }
        server.close();
        Socket s = client;
        if (s != null) {
            s.close();
        }
    }
}
