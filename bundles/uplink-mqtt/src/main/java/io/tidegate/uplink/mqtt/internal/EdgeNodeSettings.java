package io.tidegate.uplink.mqtt.internal;

import java.nio.file.Path;

/**
 * Everything the edge node needs to connect, decoupled from the OSGi configuration type so it can
 * be built in tests.
 */
record EdgeNodeSettings(String serverUri, String groupId, String edgeNodeId, String clientId, int keepAliveSeconds,
                        String username, char[] password, Path dataDir, long reconnectMinMillis,
                        long reconnectMaxMillis) {

    /** Safe for logs: names the broker and the identity, never the password. */
    @Override
    public String toString() {
        return "sparkplug " + serverUri + " as " + groupId + "/" + edgeNodeId
                + (username == null || username.isEmpty() ? "" : " (user " + username + ")");
    }
}
