package io.tidegate.runtime;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.InterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * An MQTT broker (Moquette) inside the launcher's JVM, bound to one local address, for the demo and
 * for tests that need a broker without installing one. Production gateways use the site's broker.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final Server server = new Server();
    private final String host;
    private final int port;
    private final List<InterceptHandler> handlers;
    private boolean running;

    private EmbeddedBroker(String host, int port, List<InterceptHandler> handlers) {
        this.host = host;
        this.port = port;
        this.handlers = handlers;
    }

    /** Starts a broker on host:port that keeps no state on disk and accepts anonymous clients. */
    public static EmbeddedBroker start(String host, int port) throws IOException {
        EmbeddedBroker broker = new EmbeddedBroker(host, port, List.of());
        broker.startAgain();
        return broker;
    }

    /**
     * Starts a broker that also hands every message it accepts to {@code onPublish} (topic, payload)
     * from inside the broker: it sees each PUBLISH the moment the broker takes it, with no
     * subscriber that could connect too late after a broker restart.
     */
    public static EmbeddedBroker start(String host, int port, BiConsumer<String, byte[]> onPublish)
            throws IOException {
        InterceptHandler handler = new AbstractInterceptHandler() {
            @Override
            public String getID() {
                return "tidegate-publish-listener";
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
        };
        EmbeddedBroker broker = new EmbeddedBroker(host, port, List.of(handler));
        broker.startAgain();
        return broker;
    }

    /** Starts the broker again after {@link #close()}, on the same address (to test outages). */
    public synchronized void startAgain() throws IOException {
        if (running) {
            return;
        }
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, host);
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        // Backlog DDATA carries hundreds of samples; Moquette's 8 KB default is far below real brokers'.
        p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(1024 * 1024));
        // One interceptor thread keeps publish notifications in the order the broker took them.
        p.setProperty("intercept.thread_pool.size", "1");
        try {
            server.startServer(new MemoryConfig(p), handlers);
        } catch (RuntimeException e) {
            throw new IOException("cannot start the embedded MQTT broker on " + url() + ": " + e.getMessage(), e);
        }
        running = true;
    }

    public String url() {
        return "tcp://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (running) {
            server.stopServer();
            running = false;
        }
    }
}
