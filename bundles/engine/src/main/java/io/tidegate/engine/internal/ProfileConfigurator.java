package io.tidegate.engine.internal;

import io.tidegate.engine.profile.ProfileException;
import io.tidegate.engine.profile.ProfileLoader;
import io.tidegate.engine.profile.SiteProfile;
import io.tidegate.engine.profile.StoreConfig;
import io.tidegate.engine.profile.UplinkConfig;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Feeds a site profile into Configuration Admin when the embedded launcher names one with the
 * framework properties {@value #PROFILE_PROPERTY} and {@value #DATA_PROPERTY}. On a Kura gateway
 * these properties are absent and configuration comes from Kura's own snapshots instead, so this
 * component then does nothing.
 */
@Component(immediate = true)
public class ProfileConfigurator {
    public static final String PROFILE_PROPERTY = "tidegate.profile";
    public static final String DATA_PROPERTY = "tidegate.data";
    public static final String STATUS_PROPERTY = "tidegate.status.interval";
    static final String STORE_PID = "io.tidegate.store";
    static final String UPLINK_PID = "io.tidegate.uplink.mqtt";
    static final String CONSOLE_PID = "io.tidegate.console";
    private static final Logger LOG = System.getLogger(ProfileConfigurator.class.getName());

    @Activate
    public ProfileConfigurator(@Reference ConfigurationAdmin configAdmin, BundleContext context) throws IOException {
        String profile = context.getProperty(PROFILE_PROPERTY);
        String data = context.getProperty(DATA_PROPERTY);
        if (profile == null || data == null) {
            return;
        }
        SiteProfile site;
        try {
            site = ProfileLoader.load(Path.of(profile));
        } catch (ProfileException e) {
            // The launcher validates first, so this only happens if the file changed in between:
            // apply nothing, keep whatever configuration was running.
            LOG.log(Level.ERROR, "site profile not applied:\n{0}", e.getMessage());
            return;
        }
        Path dataDir = Path.of(data).toAbsolutePath();
        publish(configAdmin, site, Path.of(profile).toAbsolutePath(), dataDir);
        Dictionary<String, Object> commissioning = props("profile", Path.of(profile).toAbsolutePath().toString());
        commissioning.put("dataDir", dataDir.toString());
        commissioning.put("auditFile", dataDir.resolve("audit.db").toString());
        apply(configAdmin, CommissioningService.PID, commissioning);
        String status = context.getProperty(STATUS_PROPERTY);
        if (status != null && Integer.parseInt(status) > 0) {
            apply(configAdmin, StatusReporter.PID, props("intervalSeconds", Integer.parseInt(status)));
        }
        LOG.log(Level.INFO, "site profile {0} applied: gateway {1}, {2} devices", profile, site.gateway().id(),
                site.devices().size());
    }

    /**
     * Pushes a validated profile into Configuration Admin. The engine's configuration carries the
     * profile file's content digest, so a profile rewritten in place (the console's apply) is a
     * changed configuration and the engine re-reads its devices; unchanged sections change nothing.
     */
    static void publish(ConfigurationAdmin configAdmin, SiteProfile site, Path profile, Path dataDir)
            throws IOException {
        apply(configAdmin, STORE_PID, storeProperties(site.store(), dataDir));
        apply(configAdmin, UPLINK_PID, uplinkProperties(site, dataDir));
        Dictionary<String, Object> engine = props("profile", profile.toString());
        engine.put("auditFile", dataDir.resolve("audit.db").toString());
        engine.put("profileDigest", digest(profile));
        apply(configAdmin, CONSOLE_PID, consoleProperties(site, profile, dataDir));
        apply(configAdmin, GatewayEngine.PID, engine);
    }

    private static String digest(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.nio.file.Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Dictionary<String, Object> storeProperties(StoreConfig store, Path dataDir) {
        Dictionary<String, Object> p = props("path", dataDir.resolve("queue.db").toString());
        p.put("maxBytes", store.maxBytes());
        p.put("maxAgeSeconds", store.maxAge().toSeconds());
        p.put("capacityPolicy", store.policy().equals(StoreConfig.REJECT_NEW) ? "REJECT_NEW" : "DROP_OLDEST");
        p.put("synchronous", store.synchronous().equals(StoreConfig.NORMAL) ? "NORMAL" : "FULL");
        return p;
    }

    private static Dictionary<String, Object> uplinkProperties(SiteProfile site, Path dataDir) {
        UplinkConfig uplink = site.uplink();
        Dictionary<String, Object> p = props("host", uplink.host());
        p.put("port", uplink.port());
        p.put("encoding", uplink.type());
        p.put("groupId", site.gateway().group());
        p.put("edgeNodeId", site.gateway().id());
        p.put("clientId", uplink.clientId());
        p.put("keepAliveSeconds", (int) uplink.keepAlive().toSeconds());
        p.put("mqttVersion", uplink.mqttVersion());
        p.put("username", uplink.username() == null ? "" : uplink.username());
        p.put("passwordFile", pathText(uplink.passwordFile()));
        UplinkConfig.TlsConfig tls = uplink.tls();
        p.put("tls", tls != null);
        if (tls != null) {
            p.put("caFile", pathText(tls.caFile()));
            p.put("certFile", pathText(tls.certFile()));
            p.put("keyFile", pathText(tls.keyFile()));
            p.put("keyPasswordFile", pathText(tls.keyPasswordFile()));
            p.put("verifyHostname", tls.verifyHostname());
        }
        p.put("primaryHostId", uplink.primaryHostId() == null ? "" : uplink.primaryHostId());
        p.put("failoverHosts", uplink.failover().toArray(new String[0]));
        p.put("dataDir", dataDir.toString());
        return p;
    }

    private static String pathText(Path path) {
        return path == null ? "" : path.toAbsolutePath().toString();
    }

    /** The console's secrets live in the data dir; its port and address are the HTTP server's (set by the launcher). */
    private static Dictionary<String, Object> consoleProperties(SiteProfile site, Path profile, Path dataDir) {
        Dictionary<String, Object> p = props("dataDir", dataDir.toString());
        p.put("profile", profile.toString());
        p.put("port", site.console().port());
        p.put("bind", site.console().bind());
        p.put("https", site.console().https());
        return p;
    }

    private static Dictionary<String, Object> props(String key, Object value) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(key, value);
        return p;
    }

    private static void apply(ConfigurationAdmin configAdmin, String pid, Dictionary<String, Object> properties)
            throws IOException {
        // Location "?" lets whichever bundle provides the PID bind to it.
        Configuration configuration = configAdmin.getConfiguration(pid, "?");
        configuration.updateIfDifferent(properties);
    }
}
