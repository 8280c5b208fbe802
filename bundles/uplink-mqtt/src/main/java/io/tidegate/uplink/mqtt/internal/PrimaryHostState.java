package io.tidegate.uplink.mqtt.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last STATE a Sparkplug primary host application published on {@code spBv1.0/STATE/<host_id>}:
 * Sparkplug 3.0's JSON {@code {"online": true, "timestamp": 1700000000000}}. A STATE older than
 * the newest one seen is ignored, as the specification requires, so a late retained message cannot
 * flip the host back. Unknown until the first STATE arrives, and unknown counts as offline.
 */
final class PrimaryHostState {
    private static final Logger LOG = System.getLogger(PrimaryHostState.class.getName());
    private static final Pattern ONLINE = Pattern.compile("\"online\"\\s*:\\s*(true|false)");
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*(\\d+)");

    private final String hostId;
    private volatile boolean online;
    private long newestTimestamp = -1;

    PrimaryHostState(String hostId) {
        this.hostId = hostId;
    }

    String hostId() {
        return hostId;
    }

    String topic() {
        return Topics.NAMESPACE + "/STATE/" + hostId;
    }

    boolean online() {
        return online;
    }

    /** Takes a STATE payload; an unreadable one is logged and changes nothing. */
    synchronized void accept(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        Matcher onlineMatch = ONLINE.matcher(text);
        Matcher timestampMatch = TIMESTAMP.matcher(text);
        if (!onlineMatch.find() || !timestampMatch.find()) {
            LOG.log(Level.WARNING, "ignoring a STATE of primary host ''{0}'' that is not Sparkplug 3.0 JSON "
                    + "'{'\"online\": true|false, \"timestamp\": ...'}': {1}", hostId,
                    text.length() > 200 ? text.substring(0, 200) + "..." : text);
            return;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampMatch.group(1));
        } catch (NumberFormatException e) {
            LOG.log(Level.WARNING, "ignoring a STATE of primary host ''{0}'' with timestamp {1}", hostId,
                    timestampMatch.group(1));
            return;
        }
        if (timestamp < newestTimestamp) {
            return; // older than what we know
        }
        newestTimestamp = timestamp;
        online = Boolean.parseBoolean(onlineMatch.group(1));
    }
}
