package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.SampleStore;
import io.tidegate.api.SiteModel;
import io.tidegate.api.Uplink;
import io.tidegate.api.UplinkStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    public SparkplugUplinkComponent(@Reference SampleStore store, @Reference SiteModel site, SparkplugConfig config)
            throws IOException {
        this.store = store;
        this.site = site;
        EdgeNodeSettings settings = new EdgeNodeSettings("tcp://" + hostForUri(config.host()) + ":" + config.port(),
                config.groupId(), config.edgeNodeId(),
                config.clientId().isEmpty() ? config.edgeNodeId() : config.clientId(), config.keepAliveSeconds(),
                config.username(), readPassword(config.passwordFile()), Path.of(config.dataDir()),
                config.reconnectMinMillis(), config.reconnectMaxMillis());
        this.name = settings.toString();
        this.node = new EdgeNode(settings, store, new MetricCatalog(site));
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

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Reads the password from its file; the password itself is never logged or kept in configuration. */
    private static char[] readPassword(String passwordFile) throws IOException {
        if (passwordFile == null || passwordFile.isEmpty()) {
            return null;
        }
        try {
            return Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException e) {
            throw new IOException("cannot read the MQTT password file " + passwordFile + ": " + e.getMessage(), e);
        }
    }
}
