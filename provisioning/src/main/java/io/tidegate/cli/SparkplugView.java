package io.tidegate.cli;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/**
 * Turns Sparkplug B messages into one readable line each. It remembers the names and units that
 * births announce, so DATA messages that carry only aliases still read as names.
 */
final class SparkplugView {
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> units = new HashMap<>();
    private final java.util.Set<String> bornNodes = new java.util.HashSet<>();
    private final java.util.Set<String> askedNodes = new java.util.HashSet<>();
    private final SimpleDateFormat time = new SimpleDateFormat("HH:mm:ss.SSS");

    /** Decodes one message; returns a line such as {@code 12:00:01.250 DDATA group/node/device seq=4 level=1.2 m}. */
    String describe(String topic, byte[] payload) {
        String[] parts = topic.split("/");
        if (parts.length == 3 && parts[0].equals("spBv1.0") && parts[1].equals("STATE")) {
            // Sparkplug 3.0 host state: spBv1.0/STATE/<host id>, a JSON payload
            return time.format(new Date()) + " STATE " + parts[2] + " "
                    + new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (parts.length < 4 || !parts[0].equals("spBv1.0")) {
            return topic + " (" + payload.length + " bytes, not Sparkplug B)";
        }
        String type = parts[2];
        String node = parts[1] + "/" + parts[3];
        String source = parts.length > 4 ? node + "/" + parts[4] : node;
        SparkplugBPayload decoded;
        try {
            decoded = new SparkplugBPayloadDecoder().buildFromByteArray(payload, null);
        } catch (Exception e) {
            return time.format(new Date()) + " " + type + " " + source + " undecodable payload: " + e.getMessage();
        }
        StringBuilder line = new StringBuilder()
                .append(time.format(decoded.getTimestamp() == null ? new Date() : decoded.getTimestamp()))
                .append(' ').append(type).append(' ').append(source);
        if (decoded.getSeq() != null) {
            line.append(" seq=").append(decoded.getSeq());
        }
        boolean birth = type.endsWith("BIRTH");
        String separator = " ";
        for (Metric metric : decoded.getMetrics()) {
            String name = metric.hasName() ? metric.getName() : names.getOrDefault(node + "#" + metric.getAlias(),
                    "alias " + metric.getAlias());
            if (birth && metric.hasAlias()) {
                names.put(node + "#" + metric.getAlias(), name);
                String unit = property(metric.getProperties(), "engUnit");
                if (unit != null) {
                    units.put(node + "#" + name, unit);
                }
            }
            line.append(separator).append(name).append('=').append(metric.isNull() ? "null" : metric.getValue());
            separator = ", ";
            String unit = units.get(node + "#" + name);
            if (unit != null && !metric.isNull()) {
                line.append(' ').append(unit);
            }
            String reason = property(metric.getProperties(), "QualityReason");
            if (reason != null) {
                line.append(" [BAD ").append(reason).append(']');
            }
            if (Boolean.TRUE.equals(metric.isHistorical())) {
                line.append(" [historical ").append(time.format(metric.getTimestamp())).append(']');
            }
        }
        return line.toString();
    }

    /**
     * The edge node (group/node) of a DATA message whose NBIRTH this view has not seen, the first
     * time it shows up; null otherwise.
     */
    String nodeNeedingBirth(String topic) {
        String[] parts = topic.split("/");
        if (parts.length < 4 || !parts[0].equals("spBv1.0")) {
            return null;
        }
        String node = parts[1] + "/" + parts[3];
        if (parts[2].equals("NBIRTH")) {
            bornNodes.add(node);
            return null;
        }
        boolean data = parts[2].equals("DDATA") || parts[2].equals("NDATA");
        return data && !bornNodes.contains(node) && askedNodes.add(node) ? node : null;
    }

    private static String property(PropertySet properties, String key) {
        if (properties == null) {
            return null;
        }
        PropertyValue<?> value = properties.getPropertyValue(key);
        return value == null || value.getValue() == null ? null : value.getValue().toString();
    }
}
