package io.tidegate.uplink.mqtt.internal;

/** Sparkplug B topic names for one edge node. */
record Topics(String groupId, String edgeNodeId) {
    static final String NAMESPACE = "spBv1.0";

    String node(String messageType) {
        return NAMESPACE + "/" + groupId + "/" + messageType + "/" + edgeNodeId;
    }

    String device(String messageType, String deviceId) {
        return node(messageType) + "/" + deviceId;
    }
}
