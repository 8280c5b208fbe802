package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.Device;
import io.tidegate.api.Point;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import java.util.List;
import java.util.Map;

/**
 * Plain JSON for platforms that do not speak Sparkplug (city data platforms, historians): one
 * retained status per gateway and per device (online flag and the point list with types, units,
 * descriptions and tags), and one data message per batch of a device's samples, each sample with
 * its value, unit, quality, reason, source and gateway timestamps (ISO-8601 UTC) and the historical
 * flag. Topics: {@code tidegate/<group>/<gateway>/status}, {@code .../<device>/status},
 * {@code .../<device>/data} ({@code _node} for the gateway's own points). It takes no commands.
 */
final class JsonEncoding implements Encoding {
    static final String PREFIX = "tidegate";
    private final String base;
    private final MetricCatalog catalog;

    JsonEncoding(String groupId, String edgeNodeId, MetricCatalog catalog) {
        this.base = PREFIX + "/" + groupId + "/" + edgeNodeId;
        this.catalog = catalog;
    }

    @Override
    public Out nodeDeath(long bdSeq) {
        JsonText json = new JsonText().begin().field("online", false).time("timestamp", System.currentTimeMillis())
                .field("session", bdSeq).end();
        return new Out(base + "/status", json.bytes(), true);
    }

    @Override
    public Out nodeBirth(long bdSeq, long seq, Map<String, Sample> lastKnown) {
        JsonText json = new JsonText().begin().field("online", true).time("timestamp", System.currentTimeMillis())
                .field("session", bdSeq);
        points(json, catalog.nodePoints(), lastKnown);
        return new Out(base + "/status", json.end().bytes(), true);
    }

    @Override
    public Out deviceBirth(Device device, Map<String, Sample> lastKnown, long seq) {
        JsonText json = new JsonText().begin().field("device", device.id()).field("online", true)
                .time("timestamp", System.currentTimeMillis());
        points(json, device.points(), lastKnown);
        return new Out(base + "/" + device.id() + "/status", json.end().bytes(), true);
    }

    @Override
    public Out deviceDeath(String deviceId, long seq) {
        JsonText json = new JsonText().begin().field("device", deviceId).field("online", false)
                .time("timestamp", System.currentTimeMillis()).end();
        return new Out(base + "/" + deviceId + "/status", json.bytes(), true);
    }

    @Override
    public Out data(String deviceId, List<StoredSample> samples, long sessionStart, long seq) {
        JsonText json = new JsonText().begin().field("device", deviceId).beginArray("samples");
        for (StoredSample stored : samples) {
            Sample sample = stored.sample();
            Point point = catalog.point(sample.pointId());
            json.begin().field("point", sample.pointId())
                    .value("value", sample.value() == null ? null : sample.value().raw());
            if (point != null && !point.unit().isEmpty()) {
                json.field("unit", point.unit());
            }
            json.field("quality", sample.quality().status().name());
            if (!sample.quality().isGood()) {
                json.field("reason", sample.quality().reason().name()).field("detail", sample.quality().detail());
            }
            json.time("sourceTime", sample.sourceTime()).time("gatewayTime", sample.gatewayTime())
                    .field("historical", stored.backlog() || sample.gatewayTime() < sessionStart).end();
        }
        return new Out(base + "/" + deviceId + "/data", json.endArray().end().bytes(), false);
    }

    @Override
    public List<String> commandTopics() {
        return List.of();
    }

    private static void points(JsonText json, List<Point> points, Map<String, Sample> lastKnown) {
        json.beginArray("points");
        for (Point point : points) {
            json.begin().field("id", point.id()).field("type", point.engineeringType().toString());
            if (!point.unit().isEmpty()) {
                json.field("unit", point.unit());
            }
            if (!point.description().isEmpty()) {
                json.field("description", point.description());
            }
            json.field("writable", point.writable());
            if (!point.tags().isEmpty()) {
                json.beginObject("tags");
                point.tags().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(tag -> json.field(tag.getKey(), tag.getValue()));
                json.end();
            }
            Sample last = lastKnown.get(point.id());
            if (last != null && last.value() != null) {
                json.value("lastValue", last.value().raw());
            }
            json.end();
        }
        json.endArray();
    }
}
