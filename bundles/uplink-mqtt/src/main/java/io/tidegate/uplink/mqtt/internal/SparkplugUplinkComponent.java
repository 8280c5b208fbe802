package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.CommandHandler;
import io.tidegate.api.SampleStore;
import io.tidegate.api.SiteModel;
import io.tidegate.api.Uplink;
import io.tidegate.api.UplinkStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The Sparkplug B uplink as a Declarative Services component: it starts once it is configured and
 * both the store and the site model are there, and sends NDEATH when it is deactivated.
 */
@Component(configurationPid = SparkplugUplinkComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = Uplink.class)
@Designate(ocd = SparkplugConfig.class)
public class SparkplugUplinkComponent implements Uplink {
    public static final String PID = "io.tidegate.uplink.mqtt";

    private final SampleStore store;
    private final SiteModel site;
    private final EdgeNode node;
    private final String name;

    @Activate
    public SparkplugUplinkComponent(@Reference SampleStore store, @Reference SiteModel site,
                                    @Reference CommandHandler commands, SparkplugConfig config) throws IOException {
        this.store = store;
        this.site = site;
        EdgeNodeSettings settings = new EdgeNodeSettings(
                (config.tls() ? "ssl://" : "tcp://") + hostForUri(config.host()) + ":" + config.port(),
                config.groupId(), config.edgeNodeId(),
                config.clientId().isEmpty() ? config.edgeNodeId() : config.clientId(), config.keepAliveSeconds(),
                config.username(), pathOrNull(config.passwordFile()), Path.of(config.dataDir()),
                config.reconnectMinMillis(), config.reconnectMaxMillis(),
                config.tls() ? new TlsSettings(pathOrNull(config.caFile()), pathOrNull(config.certFile()),
                        pathOrNull(config.keyFile()), pathOrNull(config.keyPasswordFile()), config.verifyHostname())
                        : null,
                config.primaryHostId().isEmpty() ? null : config.primaryHostId(),
                failoverUris(config.failoverHosts() == null ? List.of() : List.of(config.failoverHosts()), config.port(),
                        config.tls()),
                "json".equalsIgnoreCase(config.encoding()), MqttVersion.parse(config.mqttVersion()));
        this.name = settings.toString();
        this.node = new EdgeNode(settings, store, new MetricCatalog(site), commands);
        node.start();
    }

    @Deactivate
    void deactivate() {
        node.stop();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public UplinkStats stats() {
        return node.stats();
    }

    /** {@code host} or {@code host:port} (an IPv6 address in brackets: {@code [::1]:8883}) as broker URIs. */
    static List<String> failoverUris(List<String> hosts, int defaultPort, boolean tls) {
        List<String> uris = new ArrayList<>();
        for (String entry : hosts) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            String host = text;
            int port = defaultPort;
            int colon = text.lastIndexOf(':');
            boolean bracketed = text.startsWith("[");
            if (colon > 0 && (bracketed ? text.charAt(colon - 1) == ']' : text.indexOf(':') == colon)) {
                host = text.substring(0, colon);
                port = Integer.parseInt(text.substring(colon + 1));
            }
            if (bracketed && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            uris.add((tls ? "ssl://" : "tcp://") + hostForUri(host) + ":" + port);
        }
        return uris;
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static Path pathOrNull(String path) {
        return path == null || path.isEmpty() ? null : Path.of(path);
    }
}
