package io.tidegate.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/**
 * A minimal Sparkplug host application for tests: it subscribes to everything, decodes each
 * message with Tahu and resolves aliases from the births, so assertions read by metric name.
 */
final class SparkplugHost implements AutoCloseable {

    /** One decoded message, in arrival order. */
    record Message(String type, String edgeNode, String device, SparkplugBPayload payload, long receivedAt) {
        long seq() {
            return payload.getSeq() == null ? -1 : payload.getSeq();
        }

        Metric metric(String name) {
            return payload.getMetrics().stream().filter(m -> name.equals(m.getName())).findFirst().orElse(null);
        }
    }

    /** One metric value with the message it came in. */
    record Reading(String name, Object value, long timestamp, boolean historical, String qualityReason,
                   Message message) {
    }

    private final List<Message> messages = new ArrayList<>();
    private final Map<String, String> aliasNames = new HashMap<>();
    private final List<String> undecodable = new ArrayList<>();
    private MqttClient client;

    /** A host fed by a broker hook instead of a subscription. */
    SparkplugHost() {
    }

    /** Subscribes to spBv1.0/# on the broker. */
    static SparkplugHost subscribe(String brokerUrl) throws MqttException {
        SparkplugHost host = new SparkplugHost();
        host.client = new MqttClient(brokerUrl, "test-host-" + System.nanoTime(), new MemoryPersistence());
        host.client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                host.accept(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        host.client.connect(options);
        host.client.subscribe("spBv1.0/#", 1);
        return host;
    }

    /** Decodes and records one message (also usable without a subscription, e.g. from a broker hook). */
    synchronized void accept(String topic, byte[] bytes) throws Exception {
        String[] parts = topic.split("/");
        if (parts[1].equals("STATE")) {
            return; // a host application's JSON STATE, not a Sparkplug B payload
        }
        String type = parts[2];
        String device = parts.length > 4 ? parts[4] : null;
        SparkplugBPayload payload = new SparkplugBPayloadDecoder().buildFromByteArray(bytes, null);
        if (type.endsWith("BIRTH")) {
            for (Metric metric : payload.getMetrics()) {
                if (metric.hasAlias()) {
                    aliasNames.put(parts[3] + "#" + metric.getAlias(), metric.getName());
                }
            }
        }
        for (Metric metric : payload.getMetrics()) {
            if (!metric.hasName() && metric.hasAlias()) {
                metric.setName(aliasNames.get(parts[3] + "#" + metric.getAlias()));
            }
        }
        messages.add(new Message(type, parts[3], device, payload, System.currentTimeMillis()));
        notifyAll();
    }

    /** For broker hooks, which cannot throw: a payload that does not decode fails the test later. */
    void acceptQuietly(String topic, byte[] bytes) {
        try {
            accept(topic, bytes);
        } catch (Exception e) {
            synchronized (this) {
                undecodable.add(topic + ": " + e);
            }
        }
    }

    synchronized List<String> undecodable() {
        return new ArrayList<>(undecodable);
    }

    synchronized List<Message> messages() {
        return new ArrayList<>(messages);
    }

    synchronized List<Message> messages(String type) {
        return messages.stream().filter(m -> m.type().equals(type)).toList();
    }

    /** Publishes a command (NCMD/DCMD) as this host, QoS 1. */
    void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    /** Every value of a metric in DDATA (and, for the gateway's own metrics, NDATA) messages, in arrival order. */
    synchronized List<Reading> readings(String metricName) {
        return readingsOf(metricName, Set.of("DDATA", "NDATA"), false);
    }

    /** Every DDATA reading, by metric name, in arrival order: one pass, for tests with millions of readings. */
    synchronized Map<String, List<Reading>> readingsByMetric() {
        Map<String, List<Reading>> byName = new HashMap<>();
        for (Message message : messages) {
            if (message.type().equals("DDATA")) {
                for (Metric metric : message.payload().getMetrics()) {
                    byName.computeIfAbsent(metric.getName(), k -> new ArrayList<>()).add(reading(metric, message));
                }
            }
        }
        return byName;
    }

    synchronized int messageCount() {
        return messages.size();
    }

    /** Every value of a node metric (the gateway's own points) in NBIRTH and NDATA messages, in arrival order. */
    synchronized List<Reading> nodeReadings(String metricName) {
        return readingsOf(metricName, Set.of("NDATA", "NBIRTH"), true);
    }

    /** The metric's values in messages of these types, in arrival order; only those with a value if asked. */
    private List<Reading> readingsOf(String metricName, Set<String> types, boolean valuesOnly) {
        List<Reading> readings = new ArrayList<>();
        for (Message message : messages) {
            if (!types.contains(message.type())) {
                continue;
            }
            for (Metric metric : message.payload().getMetrics()) {
                if (metricName.equals(metric.getName()) && (!valuesOnly || metric.getValue() != null)) {
                    readings.add(reading(metric, message));
                }
            }
        }
        return readings;
    }

    private static Reading reading(Metric metric, Message message) {
        var reason = metric.getProperties() == null ? null : metric.getProperties().getPropertyValue("QualityReason");
        return new Reading(metric.getName(), metric.getValue(), metric.getTimestamp().getTime(),
                Boolean.TRUE.equals(metric.isHistorical()), reason == null ? null : String.valueOf(reason.getValue()),
                message);
    }

    /** Waits until the condition holds over the messages received so far, or fails after the timeout. */
    synchronized void await(String what, Duration timeout, Predicate<SparkplugHost> condition)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.test(this)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; received " + messages.size() + " messages: " + summary());
            }
            wait(Math.min(left, 200));
        }
    }

    private String summary() {
        Map<String, Integer> counts = new HashMap<>();
        messages.forEach(m -> counts.merge(m.type(), 1, Integer::sum));
        return counts.toString();
    }

    @Override
    public void close() throws MqttException {
        if (client != null && client.isConnected()) {
            client.disconnect();
        }
        if (client != null) {
            client.close();
        }
    }
}
