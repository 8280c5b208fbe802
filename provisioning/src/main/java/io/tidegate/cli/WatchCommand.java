package io.tidegate.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.UUID;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric.MetricBuilder;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload.SparkplugBPayloadBuilder;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Subscribes to a broker and prints Sparkplug B messages decoded into readable lines. */
@Command(name = "watch", description = "Print Sparkplug B messages from a broker as readable lines.")
final class WatchCommand implements Callable<Integer> {
    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "Broker URL (default ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--topic", defaultValue = "spBv1.0/#", description = "Topic filter (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--count", defaultValue = "0", description = "Exit after this many messages; 0 watches until Ctrl-C.")
    int count;

    @Option(names = "--rebirth", description = "Ask each edge node seen for a rebirth (NCMD Node Control/Rebirth), so "
            + "metric names and units are known even when watch starts after the births.")
    boolean rebirth;

    @Option(names = "--username", description = "MQTT user name.")
    String username;

    @Option(names = "--password-file", description = "File holding the MQTT password.")
    Path passwordFile;

    /** Sends NCMD Node Control/Rebirth=true to an edge node (group/node), or says how to. */
    private void askForBirth(MqttClient client, String node) {
        if (!rebirth) {
            System.err.println("(metric names of " + node + " are unknown: its births came before watch started; "
                    + "run with --rebirth to ask for them)");
            return;
        }
        String[] parts = node.split("/");
        try {
            byte[] payload = new SparkplugBPayloadEncoder().getBytes(new SparkplugBPayloadBuilder()
                    .setTimestamp(new Date())
                    .addMetric(new MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, true).createMetric())
                    .createPayload(), false);
            // Paho forbids publishing from its callback thread; hand it over.
            new Thread(() -> {
                try {
                    client.publish("spBv1.0/" + parts[0] + "/NCMD/" + parts[1], payload, 1, false);
                } catch (MqttException e) {
                    System.err.println("rebirth request to " + node + " failed: " + e.getMessage());
                }
            }).start();
        } catch (Exception e) {
            System.err.println("cannot encode a rebirth request: " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        SparkplugView view = new SparkplugView();
        CountDownLatch done = new CountDownLatch(count > 0 ? count : Integer.MAX_VALUE);
        MqttClient client = new MqttClient(broker, "tidegate-watch-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                System.err.println("connection lost: " + cause.getMessage());
                while (done.getCount() > 0) {
                    done.countDown();
                }
            }

            @Override
            public void messageArrived(String t, MqttMessage message) {
                String node;
                synchronized (view) {
                    System.out.println(view.describe(t, message.getPayload()));
                    node = view.nodeNeedingBirth(t);
                }
                if (node != null) {
                    askForBirth(client, node);
                }
                done.countDown();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        if (username != null) {
            options.setUserName(username);
        }
        if (passwordFile != null) {
            options.setPassword(Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray());
        }
        try {
            client.connect(options);
        } catch (MqttException e) {
            System.err.println("cannot connect to " + broker + ": " + e.getMessage());
            return 1;
        }
        client.subscribe(topic, 1);
        System.err.println("watching " + topic + " on " + broker);
        done.await();
        client.disconnect();
        client.close();
        return 0;
    }
}
