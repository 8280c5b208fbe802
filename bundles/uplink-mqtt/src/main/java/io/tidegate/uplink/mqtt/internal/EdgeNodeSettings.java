package io.tidegate.uplink.mqtt.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the edge node needs to connect, decoupled from the OSGi configuration type so it can
 * be built in tests.
 *
 * @param serverUri     {@code tcp://host:port}, or {@code ssl://host:port} with {@code tls} set
 * @param passwordFile  file holding the MQTT password, read at each connect (owner-only), or null
 * @param tls           how to secure the connection, or null for plain TCP
 * @param primaryHostId the Sparkplug primary host whose STATE gates publishing, or null for none
 * @param failoverUris  further brokers, tried in order after {@code serverUri} (same scheme), or empty
 * @param json          publish plain JSON ({@link JsonEncoding}) instead of Sparkplug B
 * @param mqttVersion   the MQTT protocol version spoken to every broker
 */
record EdgeNodeSettings(String serverUri, String groupId, String edgeNodeId, String clientId, int keepAliveSeconds,
                        String username, Path passwordFile, Path dataDir, long reconnectMinMillis,
                        long reconnectMaxMillis, TlsSettings tls, String primaryHostId, List<String> failoverUris,
                        boolean json, MqttVersion mqttVersion) {

    EdgeNodeSettings {
        failoverUris = failoverUris == null ? List.of() : List.copyOf(failoverUris);
        mqttVersion = mqttVersion == null ? MqttVersion.V3_1_1 : mqttVersion;
    }

    /** Plain TCP, one broker, no primary host: for tests. */
    EdgeNodeSettings(String serverUri, String groupId, String edgeNodeId, String clientId, int keepAliveSeconds,
                     String username, Path passwordFile, Path dataDir, long reconnectMinMillis,
                     long reconnectMaxMillis) {
        this(serverUri, groupId, edgeNodeId, clientId, keepAliveSeconds, username, passwordFile, dataDir,
                reconnectMinMillis, reconnectMaxMillis, null, null, List.of(), false, MqttVersion.V3_1_1);
    }

    /** The brokers in the order they are tried: the main one, then the failover list. */
    List<String> servers() {
        List<String> servers = new ArrayList<>();
        servers.add(serverUri);
        servers.addAll(failoverUris);
        return servers;
    }

    EdgeNodeSettings withTls(TlsSettings newTls) {
        return new EdgeNodeSettings(serverUri, groupId, edgeNodeId, clientId, keepAliveSeconds, username, passwordFile,
                dataDir, reconnectMinMillis, reconnectMaxMillis, newTls, primaryHostId, failoverUris, json, mqttVersion);
    }

    EdgeNodeSettings withPrimaryHost(String hostId) {
        return new EdgeNodeSettings(serverUri, groupId, edgeNodeId, clientId, keepAliveSeconds, username, passwordFile,
                dataDir, reconnectMinMillis, reconnectMaxMillis, tls, hostId, failoverUris, json, mqttVersion);
    }

    EdgeNodeSettings withFailover(List<String> uris) {
        return new EdgeNodeSettings(serverUri, groupId, edgeNodeId, clientId, keepAliveSeconds, username, passwordFile,
                dataDir, reconnectMinMillis, reconnectMaxMillis, tls, primaryHostId, uris, json, mqttVersion);
    }

    EdgeNodeSettings withJson(boolean asJson) {
        return new EdgeNodeSettings(serverUri, groupId, edgeNodeId, clientId, keepAliveSeconds, username, passwordFile,
                dataDir, reconnectMinMillis, reconnectMaxMillis, tls, primaryHostId, failoverUris, asJson, mqttVersion);
    }

    EdgeNodeSettings withMqttVersion(MqttVersion version) {
        return new EdgeNodeSettings(serverUri, groupId, edgeNodeId, clientId, keepAliveSeconds, username, passwordFile,
                dataDir, reconnectMinMillis, reconnectMaxMillis, tls, primaryHostId, failoverUris, json, version);
    }

    /** Safe for logs: names the broker(s) and the identity, never the password. */
    @Override
    public String toString() {
        return (json ? "json " : "sparkplug ") + (mqttVersion == MqttVersion.V5 ? "mqtt5 " : "") + serverUri + (failoverUris.isEmpty() ? "" : " (+" + failoverUris.size() + " failover)")
                + " as " + groupId + "/" + edgeNodeId
                + (username == null || username.isEmpty() ? "" : " (user " + username + ")");
    }
}
