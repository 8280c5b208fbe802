package io.tidegate.console.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.Point;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.SiteModel;
import io.tidegate.api.StoreException;
import io.tidegate.api.Value;
import io.tidegate.api.StoreStats;
import io.tidegate.api.Uplink;
import io.tidegate.api.UplinkStats;
import io.tidegate.api.GatewayPoints;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * What the console shows, as plain maps and lists ready for JSON: the overview (identity, uplink,
 * buffer, drops, store alarm, device health) and the devices with their points' live values.
 */
final class GatewayView {
    private final SiteModel site;
    private final SampleStore store;
    private final Supplier<List<Uplink>> uplinks;

    GatewayView(SiteModel site, SampleStore store, Supplier<List<Uplink>> uplinks) {
        this.site = site;
        this.store = store;
        this.uplinks = uplinks;
    }

    String gatewayId() {
        return site.gatewayId();
    }

    Map<String, Object> overview() {
        StoreStats stats = store.stats();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gatewayId", site.gatewayId());
        out.put("time", Instant.now().toString());
        List<Object> ups = new ArrayList<>();
        long forwarded = 0;
        for (Uplink uplink : uplinks.get()) {
            UplinkStats u = uplink.stats();
            forwarded += u.forwarded();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", uplink.name());
            m.put("connected", u.connected());
            m.put("forwarded", u.forwarded());
            m.put("lastError", u.lastError());
            ups.add(m);
        }
        out.put("uplinks", ups);
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("read", site.samplesRead());
        samples.put("stored", stats.appended());
        samples.put("forwarded", forwarded);
        samples.put("dropped", stats.dropped());
        out.put("samples", samples);
        Map<String, Object> buffer = new LinkedHashMap<>();
        buffer.put("pending", stats.pending());
        buffer.put("inFlight", stats.inFlight());
        OptionalLong oldest = oldestPendingTime();
        buffer.put("oldestPending", oldest.isPresent() ? Instant.ofEpochMilli(oldest.getAsLong()).toString() : null);
        buffer.put("oldestPendingAgeSeconds", oldest.isPresent() ? ageSeconds(oldest.getAsLong()) : null);
        out.put("buffer", buffer);
        out.put("storeAlarm", storeAlarm());
        List<Object> devices = new ArrayList<>();
        for (Device device : site.devices()) {
            devices.add(health(device));
        }
        out.put("devices", devices);
        return out;
    }

    List<Object> devices() {
        List<Object> out = new ArrayList<>();
        for (Device device : site.devices()) {
            Map<String, Object> d = health(device);
            d.put("driver", device.driver());
            List<Object> points = new ArrayList<>();
            for (Point point : device.points()) {
                points.add(point(point));
            }
            d.put("points", points);
            out.add(d);
        }
        return out;
    }

    /** When the oldest unsent sample was taken; empty when nothing waits or the store cannot say. */
    OptionalLong oldestPendingTime() {
        try {
            return store.oldestPendingTime();
        } catch (StoreException e) {
            // The overview still answers; the store's own alarm and logs say what is wrong.
            return OptionalLong.empty();
        }
    }

    static double ageSeconds(long epochMillis) {
        return Math.max(0, System.currentTimeMillis() - epochMillis) / 1000.0;
    }

    /** True while the store refuses readings (disk full, reject-new at its limit, database failing). */
    boolean storeAlarm() {
        return site.latest(GatewayPoints.STORE_ALARM.id()).map(s -> s.value() != null && s.value().asBoolean())
                .orElse(false);
    }

    private Map<String, Object> health(Device device) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", device.id());
        Optional<DeviceHealth> health = site.health(device.id());
        d.put("state", health.map(h -> h.state().name()).orElse("UNKNOWN"));
        d.put("lastError", health.map(DeviceHealth::lastError).orElse(""));
        d.put("since", health.map(h -> Instant.ofEpochMilli(h.since()).toString()).orElse(null));
        return d;
    }

    /** Longest text shown for a whole array, so a 10,000-element array does not swamp the page. */
    static final int ARRAY_TEXT_LIMIT = 120;

    /** A scalar's Java value; an array as short text, e.g. {@code [1.5, 2.0, 3.5] (3 values)}. */
    static Object displayValue(Value value) {
        if (value == null || !value.isArray()) {
            return value == null ? null : value.raw();
        }
        String text = value.toString();
        if (text.length() > ARRAY_TEXT_LIMIT) {
            text = text.substring(0, ARRAY_TEXT_LIMIT) + "…";
        }
        return text + " (" + value.size() + (value.size() == 1 ? " value)" : " values)");
    }

    private Map<String, Object> point(Point point) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", point.id());
        p.put("type", point.engineeringType().toString());
        p.put("unit", point.unit());
        p.put("description", point.description());
        Optional<Sample> latest = site.latest(point.id());
        p.put("value", latest.map(s -> displayValue(s.value())).orElse(null));
        p.put("quality", latest.map(s -> s.quality().status().name()).orElse(null));
        p.put("reason", latest.map(s -> s.quality().isGood() ? "" : s.quality().reason() + ": " + s.quality().detail())
                .orElse("not read yet"));
        p.put("timestamp", latest.map(s -> Instant.ofEpochMilli(s.sourceTime()).toString()).orElse(null));
        return p;
    }
}
