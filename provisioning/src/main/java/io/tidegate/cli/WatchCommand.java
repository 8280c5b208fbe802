package io.tidegate.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
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

    @Option(names = "--username", description = "MQTT user name.")
    String username;

    @Option(names = "--password-file", description = "File holding the MQTT password.")
    Path passwordFile;

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
                synchronized (view) {
                    System.out.println(view.describe(t, message.getPayload()));
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
