package io.tidegate.uplink.mqtt.internal;

import java.util.Map;

/** MQTT 5 reason codes as text for logs and the uplink status, e.g. {@code 0x87 Not authorized}. */
final class Mqtt5ReasonCodes {
    static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    static final int NOT_AUTHORIZED = 0x87;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x00, "Success"),
            Map.entry(0x10, "No matching subscribers"),
            Map.entry(0x80, "Unspecified error"),
            Map.entry(0x81, "Malformed Packet"),
            Map.entry(0x82, "Protocol Error"),
            Map.entry(0x83, "Implementation specific error"),
            Map.entry(0x84, "Unsupported Protocol Version"),
            Map.entry(0x85, "Client Identifier not valid"),
            Map.entry(BAD_USER_NAME_OR_PASSWORD, "Bad User Name or Password"),
            Map.entry(NOT_AUTHORIZED, "Not authorized"),
            Map.entry(0x88, "Server unavailable"),
            Map.entry(0x89, "Server busy"),
            Map.entry(0x8A, "Banned"),
            Map.entry(0x8B, "Server shutting down"),
            Map.entry(0x8C, "Bad authentication method"),
            Map.entry(0x8D, "Keep Alive timeout"),
            Map.entry(0x8E, "Session taken over"),
            Map.entry(0x90, "Topic Name invalid"),
            Map.entry(0x91, "Packet Identifier in use"),
            Map.entry(0x93, "Receive Maximum exceeded"),
            Map.entry(0x95, "Packet too large"),
            Map.entry(0x97, "Quota exceeded"),
            Map.entry(0x99, "Payload format invalid"),
            Map.entry(0x9A, "Retain not supported"),
            Map.entry(0x9B, "QoS not supported"),
            Map.entry(0x9C, "Use another server"),
            Map.entry(0x9D, "Server moved"),
            Map.entry(0x9F, "Connection rate exceeded"));

    private Mqtt5ReasonCodes() {
    }

    static String describe(int code) {
        return String.format("0x%02X %s", code, NAMES.getOrDefault(code, "reason code " + code));
    }
}
