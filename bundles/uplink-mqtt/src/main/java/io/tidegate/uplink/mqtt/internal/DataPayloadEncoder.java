package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.StoredSample;
import java.util.List;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/**
 * Encodes DDATA and NDATA, the messages sent for every sample, straight into Tahu's generated
 * Sparkplug B protobuf classes. Tahu's own {@code SparkplugBPayloadEncoder} (1.0.19) renders each
 * whole payload with {@code toString()} for a debug line even when debug logging is off; at 100,000
 * samples/s that was about a quarter of the forwarding thread (JFR, docs/PERFORMANCE.md). Births,
 * deaths and anything this class does not know stay on Tahu's path. The result decodes, with Tahu,
 * to the same metrics as Tahu's encoding of the same samples (DataPayloadEncoderTest).
 */
final class DataPayloadEncoder {
    private static final int QUALITY_TYPE = PropertyDataType.Int32.toIntValue();
    private static final int REASON_TYPE = PropertyDataType.String.toIntValue();

    private final MetricCatalog catalog;

    DataPayloadEncoder(MetricCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @return the encoded payload, or null when one of the samples has a type this encoder does not
     *         handle (the caller then uses Tahu's encoder)
     */
    byte[] encode(List<StoredSample> samples, long sessionStart, long seq) {
        Payload.Builder payload = Payload.newBuilder().setTimestamp(System.currentTimeMillis()).setSeq(seq);
        for (StoredSample stored : samples) {
            Sample sample = stored.sample();
            Point point = catalog.point(sample.pointId());
            DataType type = point.engineeringType();
            Integer metricType = metricType(type);
            if (metricType == null) {
                return null;
            }
            Payload.Metric.Builder metric = Payload.Metric.newBuilder()
                    .setAlias(catalog.alias(sample.pointId()))
                    .setTimestamp(sample.sourceTime())
                    .setDatatype(metricType);
            if (stored.backlog() || sample.gatewayTime() < sessionStart) {
                metric.setIsHistorical(true);
            }
            Quality quality = setValue(metric, type, sample);
            metric.setProperties(qualityProperties(quality));
            payload.addMetrics(metric);
        }
        return payload.build().toByteArray();
    }

    /** The Sparkplug type id of a scalar type, as {@link MetricTypes#of} maps it; null for any other. */
    private static Integer metricType(DataType type) {
        return switch (type) {
            case BOOL, INT16, UINT16, INT32, UINT32, INT64, FLOAT32, FLOAT64, STRING ->
                    MetricTypes.of(type).toIntValue();
            default -> null;
        };
    }

    /**
     * Sets the value in the protobuf field Tahu uses for the type (unsigned 16-bit in the 32-bit
     * field, unsigned 32-bit in the 64-bit one); a value that does not fit its type is sent null
     * with a bad quality saying why, as on Tahu's path.
     *
     * @return the quality to send with the value
     */
    private static Quality setValue(Payload.Metric.Builder metric, DataType type, Sample sample) {
        if (sample.value() == null) {
            metric.setIsNull(true);
            return sample.quality();
        }
        Object value;
        try {
            value = MetricTypes.javaValue(type, sample.value());
        } catch (RuntimeException e) {
            metric.setIsNull(true);
            return MetricTypes.unfit(type, sample.value(), e);
        }
        switch (type) {
            case BOOL -> metric.setBooleanValue((Boolean) value);
            case INT16 -> metric.setIntValue((Short) value);
            case UINT16, INT32 -> metric.setIntValue((Integer) value);
            case UINT32, INT64 -> metric.setLongValue((Long) value);
            case FLOAT32 -> metric.setFloatValue((Float) value);
            case FLOAT64 -> metric.setDoubleValue((Double) value);
            case STRING -> metric.setStringValue((String) value);
            default -> throw new IllegalStateException("not a scalar type: " + type);
        }
        return sample.quality();
    }

    private static Payload.PropertySet qualityProperties(Quality quality) {
        Payload.PropertySet.Builder props = Payload.PropertySet.newBuilder()
                .addKeys(SparkplugPayloads.QUALITY)
                .addValues(Payload.PropertyValue.newBuilder().setType(QUALITY_TYPE)
                        .setIntValue(SparkplugPayloads.qualityCode(quality)));
        if (!quality.isGood()) {
            props.addKeys(SparkplugPayloads.QUALITY_REASON)
                    .addValues(Payload.PropertyValue.newBuilder().setType(REASON_TYPE)
                            .setStringValue(SparkplugPayloads.qualityReason(quality)));
        }
        return props.build();
    }
}
