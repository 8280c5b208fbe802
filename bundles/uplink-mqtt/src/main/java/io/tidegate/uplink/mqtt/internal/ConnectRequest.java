package io.tidegate.uplink.mqtt.internal;

import javax.net.SocketFactory;

/**
 * What one CONNECT carries, the same for every MQTT version.
 *
 * @param will          the Will (NDEATH), published with QoS 1 by the broker if the session breaks
 * @param maxInFlight   how many QoS 1 publishes may await their acknowledgement at once
 * @param password      the password, or null; the caller clears the array once connected
 * @param socketFactory TLS sockets, or null for plain TCP
 */
record ConnectRequest(String server, String clientId, int keepAliveSeconds, long timeoutMillis, int maxInFlight,
                      Encoding.Out will, String username, char[] password, SocketFactory socketFactory,
                      boolean verifyHostname) {
}
