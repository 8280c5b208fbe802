package io.tidegate.uplink.mqtt.internal;

import java.util.List;

/**
 * One MQTT session as the edge node uses it, whatever the protocol version ({@link MqttVersion}):
 * QoS 1 publishes whose outcome is reported per message, QoS 1 subscriptions, and the two ways a
 * session ends (a clean DISCONNECT, which suppresses the Will, or dropping the socket, which makes
 * the broker publish it).
 */
interface MqttConnection {

    /** What became of one QoS 1 publish. Called once, on the client library's thread. */
    interface Delivery {
        /** The broker acknowledged the message (PUBACK with a success code): it has it. */
        void acknowledged();

        /** The broker answered with a failure reason code (MQTT 5 only): it does not have the message. */
        void refused(String reason);

        /** No acknowledgement will come (the session broke). */
        void failed(Throwable cause);
    }

    /** Messages and news from the broker, on the client library's thread. */
    interface Inbound {
        void messageArrived(String topic, byte[] payload);

        void connectionLost(String reason);
    }

    /** Subscribes with QoS 1 and waits for the broker's answer. */
    void subscribe(List<String> topics) throws Exception;

    /**
     * Publishes with QoS 1 without waiting for the acknowledgement. May wait for room when the
     * broker's limit of unacknowledged messages (MQTT 5 Receive Maximum) is reached.
     *
     * @param delivery told what became of the message, or null
     */
    void publish(Encoding.Out message, Delivery delivery) throws Exception;

    /**
     * Publishes with QoS 1 and waits, at most {@code timeoutMillis}, for the broker's answer.
     *
     * @return true when the broker acknowledged the message
     */
    default boolean publishAndWait(Encoding.Out message, long timeoutMillis) throws Exception {
        java.util.concurrent.CompletableFuture<Boolean> answer = new java.util.concurrent.CompletableFuture<>();
        publish(message, new Delivery() {
            @Override
            public void acknowledged() {
                answer.complete(true);
            }

            @Override
            public void refused(String reason) {
                answer.complete(false);
            }

            @Override
            public void failed(Throwable cause) {
                answer.complete(false);
            }
        });
        try {
            return answer.get(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    boolean isConnected();

    /** Sends DISCONNECT (the broker then drops the Will) and waits for the socket to close. */
    void disconnect(long timeoutMillis) throws Exception;

    /**
     * Closes the session and frees the client.
     *
     * @param sendDisconnect false to drop the socket without DISCONNECT, so the broker publishes the Will
     */
    void close(boolean sendDisconnect);
}
