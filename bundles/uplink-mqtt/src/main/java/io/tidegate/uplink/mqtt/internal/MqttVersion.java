package io.tidegate.uplink.mqtt.internal;

/** The MQTT protocol version the uplink speaks; 3.1.1 unless configured otherwise. */
enum MqttVersion {
    V3_1_1("3.1.1"),
    V5("5");

    private final String label;

    MqttVersion(String label) {
        this.label = label;
    }

    /** {@code 3.1.1} (also {@code 3}, or empty for the default) or {@code 5} (also {@code 5.0}). */
    static MqttVersion parse(String text) {
        String t = text == null ? "" : text.trim();
        return switch (t) {
            case "", "3", "3.1.1" -> V3_1_1;
            case "5", "5.0" -> V5;
            default -> throw new IllegalArgumentException("unknown MQTT version '" + text + "'; use 3.1.1 or 5");
        };
    }

    /** Opens a session to {@code request.server()}; throws when the broker cannot be reached or refuses it. */
    MqttConnection connect(ConnectRequest request, MqttConnection.Inbound inbound) throws Exception {
        return this == V5 ? Mqtt5Connection.connect(request, inbound) : Mqtt3Connection.connect(request, inbound);
    }

    @Override
    public String toString() {
        return label;
    }
}
