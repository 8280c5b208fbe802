package io.tidegate.uplink.mqtt.internal;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.InterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;

/** Moquette in the test JVM on 127.0.0.1, keeping nothing on disk. */
final class TestBroker implements AutoCloseable {
    private final Server server = new Server();
    private boolean running;

    private TestBroker() {
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static TestBroker start(int port) throws IOException {
        return start(port, null);
    }

    /** A broker that also hands {@code onPublish} every message it takes, in order, from inside the broker. */
    static TestBroker start(int port, BiConsumer<String, byte[]> onPublish) throws IOException {
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(1024 * 1024));
        p.setProperty("intercept.thread_pool.size", "1");
        List<InterceptHandler> handlers = onPublish == null ? List.of() : List.of(new AbstractInterceptHandler() {
            @Override
            public String getID() {
                return "test-publish-listener";
            }

            @Override
            public void onPublish(InterceptPublishMessage message) {
                var payload = message.getPayload();
                byte[] bytes = new byte[payload.readableBytes()];
                payload.getBytes(payload.readerIndex(), bytes);
                onPublish.accept(message.getTopicName(), bytes);
            }

            @Override
            public void onSessionLoopError(Throwable error) {
            }
        });
        TestBroker broker = new TestBroker();
        broker.server.startServer(new MemoryConfig(p), handlers);
        broker.running = true;
        return broker;
    }

    @Override
    public synchronized void close() {
        if (running) {
            server.stopServer();
            running = false;
        }
    }
}
