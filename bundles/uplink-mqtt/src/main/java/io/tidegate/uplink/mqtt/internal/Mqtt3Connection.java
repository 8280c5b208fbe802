package io.tidegate.uplink.mqtt.internal;

import java.util.Arrays;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An MQTT 3.1.1 session through Eclipse Paho's v3 client. */
final class Mqtt3Connection implements MqttConnection {
    private final MqttAsyncClient client;
    private final long timeoutMillis;

    private Mqtt3Connection(MqttAsyncClient client, long timeoutMillis) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
    }

    static MqttConnection connect(ConnectRequest request, Inbound inbound) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(request.server(), request.clientId(), new MemoryPersistence());
        c.setCallback(new Callback(inbound));
        MqttConnectOptions options = new MqttConnectOptions();
        // Every session starts clean: unacknowledged samples wait in our store, not in the broker's
        // session state, and go out again in the next session (docs/uplink.md, "Sessions").
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(request.keepAliveSeconds());
        options.setConnectionTimeout((int) Math.max(1, request.timeoutMillis() / 1000));
        options.setMaxInflight(request.maxInFlight());
        options.setWill(request.will().topic(), request.will().payload(), 1, request.will().retained());
        if (request.username() != null && !request.username().isEmpty()) {
            options.setUserName(request.username());
        }
        if (request.password() != null) {
            options.setPassword(request.password());
        }
        if (request.socketFactory() != null) {
            options.setSocketFactory(request.socketFactory());
            options.setHttpsHostnameVerificationEnabled(request.verifyHostname());
        }
        try {
            c.connect(options).waitForCompletion(request.timeoutMillis());
        } catch (MqttException e) {
            closeQuietly(c, false);
            throw e;
        }
        return new Mqtt3Connection(c, request.timeoutMillis());
    }

    @Override
    public void subscribe(List<String> topics) throws MqttException {
        int[] qos = new int[topics.size()];
        Arrays.fill(qos, 1);
        client.subscribe(topics.toArray(new String[0]), qos).waitForCompletion(timeoutMillis);
    }

    @Override
    public void publish(Encoding.Out out, Delivery delivery) throws MqttException {
        MqttMessage message = new MqttMessage(out.payload());
        message.setQos(1);
        message.setRetained(out.retained());
        client.publish(out.topic(), message, null, delivery == null ? null : new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                delivery.acknowledged(); // 3.1.1 has no reason codes: a PUBACK is a success
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                delivery.failed(cause);
            }
        });
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

    private record Callback(Inbound inbound) implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            inbound.connectionLost(ConnectFailures.message(cause));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            inbound.messageArrived(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // reported per message through the publish listener
        }
    }
}
