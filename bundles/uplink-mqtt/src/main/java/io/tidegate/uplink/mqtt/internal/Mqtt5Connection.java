package io.tidegate.uplink.mqtt.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * An MQTT 5 session through Eclipse Paho's v5 client.
 *
 * <p>Session settings (why: docs/uplink.md, "MQTT 5"): clean start and a session expiry of 0, as
 * Sparkplug 3.0 asks of edge nodes; unacknowledged samples are kept by our store, not by the broker,
 * and sent again in the next session. The broker's Receive Maximum bounds how many QoS 1 publishes
 * may await their PUBACK: {@link #publish} waits for room instead of exceeding it (which would end
 * the session). A PUBACK with a failure reason code (0x80 and above) is not a delivery.
 */
final class Mqtt5Connection implements MqttConnection {
    /** MQTT 5's value when the broker sends no Receive Maximum. */
    private static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;
    private static final System.Logger LOG = System.getLogger(Mqtt5Connection.class.getName());

    private final MqttAsyncClient client;
    private final long timeoutMillis;
    /** One permit per publish that may still be sent without an acknowledgement. */
    private final Semaphore window;

    private Mqtt5Connection(MqttAsyncClient client, long timeoutMillis, int window) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
        this.window = new Semaphore(window);
    }

    static MqttConnection connect(ConnectRequest request, Inbound inbound) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(request.server(), request.clientId(), new MemoryPersistence());
        c.setCallback(new Callback(inbound));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(request.keepAliveSeconds());
        options.setConnectionTimeout((int) Math.max(1, request.timeoutMillis() / 1000));
        MqttMessage will = new MqttMessage(request.will().payload());
        will.setQos(1);
        will.setRetained(request.will().retained());
        options.setWill(request.will().topic(), will);
        if (request.username() != null && !request.username().isEmpty()) {
            options.setUserName(request.username());
        }
        byte[] password = request.password() == null ? null : utf8(request.password());
        if (request.socketFactory() != null) {
            options.setSocketFactory(request.socketFactory());
        }
        // Paho 5 verifies host names unless told not to, with or without TLS settings of ours.
        options.setHttpsHostnameVerificationEnabled(request.socketFactory() == null || request.verifyHostname());
        IMqttToken token;
        try {
            if (password != null) {
                options.setPassword(password);
            }
            token = c.connect(options);
            token.waitForCompletion(request.timeoutMillis());
        } catch (MqttException e) {
            closeQuietly(c, false);
            throw e;
        } finally {
            if (password != null) {
                Arrays.fill(password, (byte) 0);
            }
        }
        MqttProperties granted = token.getResponseProperties();
        Integer receiveMaximum = granted == null ? null : granted.getReceiveMaximum();
        int brokerLimit = receiveMaximum == null ? DEFAULT_RECEIVE_MAXIMUM : receiveMaximum;
        return new Mqtt5Connection(c, request.timeoutMillis(), Math.min(brokerLimit, request.maxInFlight()));
    }

    @Override
    public void subscribe(List<String> topics) throws Exception {
        MqttSubscription[] subscriptions = topics.stream().map(t -> new MqttSubscription(t, 1))
                .toArray(MqttSubscription[]::new);
        IMqttToken token = client.subscribe(subscriptions);
        token.waitForCompletion(timeoutMillis);
        int[] codes = token.getReasonCodes();
        for (int i = 0; codes != null && i < codes.length && i < topics.size(); i++) {
            if (codes[i] >= 0x80) {
                throw new java.io.IOException("the broker refused the subscription to " + topics.get(i) + " ("
                        + Mqtt5ReasonCodes.describe(codes[i]) + ")");
            }
        }
    }

    @Override
    public void publish(Encoding.Out out, Delivery delivery) throws Exception {
        if (!window.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new java.util.concurrent.TimeoutException("the broker acknowledged none of the messages in flight "
                    + "for " + timeoutMillis / 1000 + " s");
        }
        MqttMessage message = new MqttMessage(out.payload());
        message.setQos(1);
        message.setRetained(out.retained());
        Outcome outcome = new Outcome(window, delivery);
        try {
            client.publish(out.topic(), message, null, outcome);
        } catch (MqttException | RuntimeException e) {
            outcome.freeSlot();
            throw e;
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void disconnect(long timeoutMillis) throws MqttException {
        client.disconnect(1000).waitForCompletion(timeoutMillis);
    }

    @Override
    public void close(boolean sendDisconnect) {
        closeQuietly(client, sendDisconnect);
    }

    /**
     * Stops the client's network thread and closes it. A client still connecting refuses close()
     * (Paho 32110), and Paho has no CONNACK timeout of its own: without the forced disconnect a
     * broker that accepts TCP but never answers CONNECT would leave one live client per attempt,
     * which could even connect later under our client id.
     */
    private static void closeQuietly(MqttAsyncClient c, boolean sendDisconnect) {
        try {
            c.disconnectForcibly(0, 1000, sendDisconnect);
        } catch (MqttException ignored) {
            // not connected: nothing to stop
        }
        try {
            c.close(true);
        } catch (MqttException ignored) {
            // already closed
        }
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        Arrays.fill(bytes.array(), (byte) 0);
        return out;
    }

    /** Frees the publish's slot in the window once, and reports the PUBACK's reason code. */
    private static final class Outcome implements MqttActionListener {
        private final Semaphore window;
        private final Delivery delivery;
        private final AtomicBoolean freed = new AtomicBoolean();

        Outcome(Semaphore window, Delivery delivery) {
            this.window = window;
            this.delivery = delivery;
        }

        void freeSlot() {
            if (freed.compareAndSet(false, true)) {
                window.release();
            }
        }

        @Override
        public void onSuccess(IMqttToken token) {
            freeSlot();
            int code = firstReasonCode(token);
            if (delivery == null) {
                return;
            }
            if (code >= 0x80) {
                delivery.refused(Mqtt5ReasonCodes.describe(code));
            } else {
                delivery.acknowledged(); // 0x00 Success, or 0x10 No matching subscribers: the broker has it
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            freeSlot();
            if (delivery == null) {
                return;
            }
            int code = firstReasonCode(token);
            if (code >= 0x80) {
                delivery.refused(Mqtt5ReasonCodes.describe(code));
            } else {
                delivery.failed(cause);
            }
        }

        private static int firstReasonCode(IMqttToken token) {
            int[] codes = token == null ? null : token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        }
    }

    private record Callback(Inbound inbound) implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String reason = response.getException() != null ? ConnectFailures.message(response.getException())
                    : "the broker ended the session (" + Mqtt5ReasonCodes.describe(response.getReturnCode())
                    + (response.getReasonString() == null ? "" : ": " + response.getReasonString()) + ")";
            inbound.connectionLost(reason);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // Not necessarily the end of the session; disconnected() reports that.
            LOG.log(System.Logger.Level.WARNING, "MQTT 5 client error: {0}", ConnectFailures.message(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            inbound.messageArrived(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // reported per message through the publish listener
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
