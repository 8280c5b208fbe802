package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import java.io.IOException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.tahu.SparkplugException;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.Metric.MetricBuilder;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet.PropertySetBuilder;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.message.model.SparkplugBPayload.SparkplugBPayloadBuilder;

/**
 * Builds the Sparkplug B payloads of the edge node with Tahu. Quality travels as the metric
 * property {@code Quality} with the OPC quality codes SCADA hosts understand (192 good, 64
 * uncertain, 0 bad), and the reason as {@code QualityReason}; the unit as {@code engUnit}.
 */
final class SparkplugPayloads {
    static final String BD_SEQ = "bdSeq";
    static final String REBIRTH = "Node Control/Rebirth";
    static final String NEXT_SERVER = "Node Control/Next Server";
    static final String QUALITY = "Quality";
    static final String QUALITY_REASON = "QualityReason";
    static final String ENG_UNIT = "engUnit";

    private final SparkplugBPayloadEncoder encoder = new SparkplugBPayloadEncoder();
    private final MetricCatalog catalog;
    private final DataPayloadEncoder dataEncoder;

    SparkplugPayloads(MetricCatalog catalog) {
        this.catalog = catalog;
        this.dataEncoder = new DataPayloadEncoder(catalog);
    }

    byte[] nodeDeath(long bdSeq) throws IOException, SparkplugException {
        SparkplugBPayload payload = new SparkplugBPayloadBuilder()
                .setTimestamp(new Date())
                .addMetric(new MetricBuilder(BD_SEQ, MetricDataType.Int64, bdSeq).createMetric())
                .createPayload();
        return encoder.getBytes(payload, false);
    }

    /** DDEATH: a timestamp and the session's next seq, no metrics. */
    byte[] deviceDeath(long seq) throws IOException, SparkplugException {
        return encoder.getBytes(new SparkplugBPayloadBuilder().setTimestamp(new Date()).setSeq(seq).createPayload(),
                false);
    }

    /**
     * NBIRTH: bdSeq, the node controls (rebirth, next server), and the gateway's own points (store events, drop counter,
     * store alarm, command events) as node metrics with alias, type, documentation and last value.
     */
    byte[] nodeBirth(long bdSeq, long seq, Map<String, Sample> lastKnown) throws IOException, SparkplugException {
        SparkplugBPayloadBuilder builder = new SparkplugBPayloadBuilder()
                .setTimestamp(new Date())
                .setSeq(seq)
                .addMetric(new MetricBuilder(BD_SEQ, MetricDataType.Int64, bdSeq).createMetric())
                .addMetric(new MetricBuilder(REBIRTH, MetricDataType.Boolean, false).createMetric())
                .addMetric(new MetricBuilder(NEXT_SERVER, MetricDataType.Boolean, false).createMetric());
        for (Point point : catalog.nodePoints()) {
            builder.addMetric(birthMetric(point, lastKnown.get(point.id())));
        }
        return encoder.getBytes(builder.createPayload(), false);
    }

    /**
     * DBIRTH: every point of the device with its name, alias, type, unit, description and tags,
     * and its last known value (null if none was read yet).
     */
    byte[] deviceBirth(Device device, Map<String, Sample> lastKnown, long seq)
            throws IOException, SparkplugException {
        SparkplugBPayloadBuilder builder = new SparkplugBPayloadBuilder().setTimestamp(new Date()).setSeq(seq);
        for (Point point : device.points()) {
            builder.addMetric(birthMetric(point, lastKnown.get(point.id())));
        }
        return encoder.getBytes(builder.createPayload(), false);
    }

    private Metric birthMetric(Point point, Sample last) throws SparkplugException {
        DataType type = point.engineeringType();
        PropertySetBuilder props = new PropertySetBuilder();
        if (!point.unit().isEmpty()) {
            props.addProperty(ENG_UNIT, new PropertyValue<>(PropertyDataType.String, point.unit()));
        }
        if (!point.description().isEmpty()) {
            props.addProperty("Documentation", new PropertyValue<>(PropertyDataType.String, point.description()));
        }
        props.addProperty("Writable", new PropertyValue<>(PropertyDataType.Boolean, point.writable()));
        for (Map.Entry<String, String> tag : point.tags().entrySet()) {
            props.addProperty(tag.getKey(), new PropertyValue<>(PropertyDataType.String, tag.getValue()));
        }
        Encoded encoded = last == null ? new Encoded(null, Quality.bad(Quality.Reason.STALE, "not read yet"))
                : Encoded.of(type, last);
        addQuality(props, encoded.quality());
        return new MetricBuilder(MetricCatalog.metricName(point), MetricTypes.of(type), encoded.value())
                .alias(catalog.alias(point.id()))
                .timestamp(new Date(last == null ? System.currentTimeMillis() : last.sourceTime()))
                .properties(props.createPropertySet())
                .createMetric();
    }

    /**
     * DDATA (or NDATA for the gateway's own points): the samples of one device, by alias, each with
     * its own source timestamp and quality. Samples buffered before this session came up, and
     * backlog the store hands out behind newer live samples, are flagged historical.
     */
    byte[] data(List<StoredSample> samples, long sessionStart, long seq) throws IOException, SparkplugException {
        byte[] direct = dataEncoder.encode(samples, sessionStart, seq);
        return direct != null ? direct : dataWithTahu(samples, sessionStart, seq);
    }

    /** {@link #data} through Tahu's model and encoder: for the types {@link DataPayloadEncoder} leaves to it. */
    byte[] dataWithTahu(List<StoredSample> samples, long sessionStart, long seq)
            throws IOException, SparkplugException {
        SparkplugBPayloadBuilder builder = new SparkplugBPayloadBuilder().setTimestamp(new Date()).setSeq(seq);
        for (StoredSample stored : samples) {
            Sample sample = stored.sample();
            boolean historical = stored.backlog() || sample.gatewayTime() < sessionStart;
            Point point = catalog.point(sample.pointId());
            DataType type = point.engineeringType();
            PropertySetBuilder props = new PropertySetBuilder();
            Encoded encoded = Encoded.of(type, sample);
            addQuality(props, encoded.quality());
            Metric metric = new MetricBuilder(catalog.alias(sample.pointId()), MetricTypes.of(type), encoded.value())
                    .timestamp(new Date(sample.sourceTime()))
                    .isHistorical(historical ? Boolean.TRUE : null)
                    .properties(props.createPropertySet())
                    .createMetric();
            builder.addMetric(metric);
        }
        return encoder.getBytes(builder.createPayload(), false);
    }

    /** A sample's value as Tahu wants it, and the quality to send with it. */
    private record Encoded(Object value, Quality quality) {
        static Encoded of(DataType type, Sample sample) {
            if (sample.value() == null) {
                return new Encoded(null, sample.quality());
            }
            try {
                return new Encoded(MetricTypes.javaValue(type, sample.value()), sample.quality());
            } catch (RuntimeException e) {
                return new Encoded(null, MetricTypes.unfit(type, sample.value(), e));
            }
        }
    }

    private static void addQuality(PropertySetBuilder props, Quality quality) throws SparkplugException {
        props.addProperty(QUALITY, new PropertyValue<>(PropertyDataType.Int32, qualityCode(quality)));
        if (!quality.isGood()) {
            props.addProperty(QUALITY_REASON, new PropertyValue<>(PropertyDataType.String, qualityReason(quality)));
        }
    }

    /** The OPC quality code sent as the {@code Quality} property. */
    static int qualityCode(Quality quality) {
        return switch (quality.status()) {
            case GOOD -> 192;
            case UNCERTAIN -> 64;
            case BAD -> 0;
        };
    }

    /** The {@code QualityReason} property of a quality that is not good. */
    static String qualityReason(Quality quality) {
        return quality.reason() + (quality.detail().isEmpty() ? "" : ": " + quality.detail());
    }

}
