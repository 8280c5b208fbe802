package io.tidegate.driver.opcua.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Quality.Reason;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.BuiltinDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.XmlElement;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * Maps OPC UA values onto Tidegate samples and back. Reading, the value is converted to the point's
 * declared type (range-checked, never truncated), the StatusCode becomes the quality, and the
 * source timestamp (or, when the server gives none, the server timestamp) becomes the sample's
 * source time. Writing, the value is coerced to the node's own built-in type. A point declared with
 * an array type ({@code FLOAT64[]}) reads and writes the node's whole one-dimensional array.
 */
final class Values {
    private Values() {
    }

    /** The sample for a value the server sent for a point. */
    static Sample toSample(Point point, DataValue dv, long gatewayTime) {
        long sourceTime = time(dv.getSourceTime(), time(dv.getServerTime(), gatewayTime));
        StatusCode status = dv.getStatusCode() == null ? StatusCode.GOOD : dv.getStatusCode();
        if (status.isBad()) {
            return new Sample(point.id(), null, Quality.bad(reasonOf(status), statusName(status)), sourceTime,
                    gatewayTime);
        }
        Object raw = dv.getValue() == null ? null : dv.getValue().getValue();
        if (raw == null) {
            return new Sample(point.id(), null, Quality.bad(Reason.DEVICE_EXCEPTION, "the node has no value ("
                    + statusName(status) + ")"), sourceTime, gatewayTime);
        }
        Value value;
        try {
            value = toValue(point.type(), raw);
        } catch (IllegalArgumentException e) {
            return new Sample(point.id(), null, Quality.bad(Reason.CONFIG_ERROR, "point " + point.id() + " ("
                    + point.type() + "): " + e.getMessage()), sourceTime, gatewayTime);
        }
        Quality quality = status.isGood() ? Quality.GOOD
                : new Quality(Quality.Status.UNCERTAIN, Reason.DEVICE_EXCEPTION, statusName(status));
        return new Sample(point.id(), value, quality, sourceTime, gatewayTime);
    }

    /** A bad sample for a status the server gave for the whole item (e.g. BadNodeIdUnknown). */
    static Sample bad(Point point, StatusCode status, String context, long now) {
        return Sample.bad(point.id(), Quality.bad(reasonOf(status), context + statusName(status)), now);
    }

    static Reason reasonOf(StatusCode status) {
        long code = status.getValue() & 0xFFFF0000L;
        if (code == StatusCodes.Bad_NodeIdUnknown || code == StatusCodes.Bad_NodeIdInvalid
                || code == StatusCodes.Bad_AttributeIdInvalid || code == StatusCodes.Bad_TypeMismatch
                || code == StatusCodes.Bad_IndexRangeInvalid || code == StatusCodes.Bad_IndexRangeNoData
                || code == StatusCodes.Bad_NotReadable || code == StatusCodes.Bad_UserAccessDenied
                || code == StatusCodes.Bad_NotWritable) {
            return Reason.CONFIG_ERROR;
        }
        if (code == StatusCodes.Bad_CommunicationError || code == StatusCodes.Bad_NoCommunication
                || code == StatusCodes.Bad_ServerNotConnected || code == StatusCodes.Bad_ConnectionClosed
                || code == StatusCodes.Bad_SessionClosed || code == StatusCodes.Bad_Timeout
                || code == StatusCodes.Bad_SecureChannelClosed || code == StatusCodes.Bad_ServerHalted
                || code == StatusCodes.Bad_Shutdown) {
            return Reason.COMM_FAILURE;
        }
        return Reason.DEVICE_EXCEPTION;
    }

    static String statusName(StatusCode status) {
        return StatusCodes.lookup(status.getValue()).map(n -> n[0])
                .orElse(String.format("0x%08X", status.getValue()));
    }

    private static long time(DateTime time, long fallback) {
        return time == null || time.isNull() ? fallback : time.getJavaTime();
    }

    /**
     * Converts a value the server sent to a point's type.
     *
     * @throws IllegalArgumentException saying why it does not fit
     */
    static Value toValue(DataType type, Object raw) {
        if (type.isArray()) {
            return toArrayValue(type, raw);
        }
        if (raw.getClass().isArray()) {
            int length = Array.getLength(raw);
            if (length == 1) {
                // index=N; reads one element, which the server sends as an array of one
                return toValue(type, Array.get(raw, 0));
            }
            if (type == DataType.STRING) {
                return Value.of(DataType.STRING, arrayText(raw));
            }
            throw new IllegalArgumentException("the node holds an array of " + length + " "
                    + raw.getClass().getComponentType().getSimpleName() + "; declare the point " + type.arrayType()
                    + " to get the whole array, read one element with index=N; before the address, or declare the"
                    + " point STRING to get the whole array as text");
        }
        if (raw instanceof ExtensionObject xo) {
            throw new IllegalArgumentException("the node holds a structure (encoding " + xo.getEncodingId()
                    .toParseableString() + "), which this driver does not decode; address its fields one by one");
        }
        if (type == DataType.STRING) {
            return Value.of(DataType.STRING, text(raw));
        }
        if (raw instanceof Boolean b) {
            if (type == DataType.BOOL) {
                return Value.ofBoolean(b);
            }
            throw new IllegalArgumentException("the node holds a Boolean; declare the point BOOL");
        }
        if (raw instanceof DateTime dt && type == DataType.INT64) {
            return Value.of(DataType.INT64, dt.getJavaTime());
        }
        if (raw instanceof StatusCode sc && type.isInteger()) {
            return Value.of(type, sc.getValue());
        }
        if (raw instanceof ULong ul) {
            BigInteger big = ul.toBigInteger();
            if (big.bitLength() > 63) {
                throw new IllegalArgumentException(big + " is outside the " + type + " range");
            }
            return Value.of(type, big.longValue());
        }
        if (raw instanceof Number n) {
            return Value.of(type, n);
        }
        throw new IllegalArgumentException("the node holds a " + raw.getClass().getSimpleName()
                + ", which only a STRING point can carry");
    }

    /**
     * A whole one-dimensional array node as an array value: each element converted to the element
     * type by the same rules as a scalar, so a value that does not fit makes the sample bad with the
     * element's index, never a truncated array.
     */
    private static Value toArrayValue(DataType type, Object raw) {
        if (!raw.getClass().isArray()) {
            throw new IllegalArgumentException("the node holds a single " + raw.getClass().getSimpleName()
                    + ", not an array; declare the point " + type.elementType());
        }
        Class<?> component = raw.getClass().getComponentType();
        if (component.isArray()) {
            throw new IllegalArgumentException("the node holds a multi-dimensional array, which this driver does not"
                    + " read as a whole; read one element with index=N; and a scalar point type");
        }
        int length = Array.getLength(raw);
        List<Object> elements = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            Object element = Array.get(raw, i);
            if (element == null) {
                throw new IllegalArgumentException("element " + i + " of the node's " + component.getSimpleName()
                        + " array is null");
            }
            try {
                elements.add(toValue(type.elementType(), element).raw());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("element " + i + " of the node's " + component.getSimpleName()
                        + " array does not fit a " + type + ": " + e.getMessage(), e);
            }
        }
        return Value.ofArray(type, elements);
    }

    /** An OPC UA scalar as text, the way an installer would write it. */
    static String text(Object raw) {
        if (raw instanceof LocalizedText lt) {
            return lt.getText() == null ? "" : lt.getText();
        }
        if (raw instanceof QualifiedName qn) {
            return qn.toParseableString();
        }
        if (raw instanceof NodeId id) {
            return id.toParseableString();
        }
        if (raw instanceof ExpandedNodeId id) {
            return id.toParseableString();
        }
        if (raw instanceof DateTime dt) {
            return dt.getJavaInstant().toString();
        }
        if (raw instanceof ByteString bs) {
            return bs.isNull() ? "" : Base64.getEncoder().encodeToString(bs.bytesOrEmpty());
        }
        if (raw instanceof XmlElement xml) {
            return xml.getFragment() == null ? "" : xml.getFragment();
        }
        if (raw instanceof StatusCode sc) {
            return statusName(sc);
        }
        if (raw instanceof UUID uuid) {
            return uuid.toString();
        }
        if (raw instanceof ExtensionObject) {
            throw new IllegalArgumentException("the node holds a structure, which this driver does not decode");
        }
        return raw.toString();
    }

    private static String arrayText(Object array) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < Array.getLength(array); i++) {
            Object element = Array.get(array, i);
            if (i > 0) {
                out.append(", ");
            }
            if (element instanceof Number || element instanceof Boolean) {
                out.append(element);
            } else if (element == null) {
                out.append("null");
            } else if (element.getClass().isArray()) {
                out.append(arrayText(element));
            } else {
                out.append('"').append(text(element).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return out.append(']').toString();
    }

    /**
     * A value to write, coerced to the node's built-in type.
     *
     * @throws IllegalArgumentException when the value does not fit that type, saying why
     */
    static Variant toVariant(Value value, BuiltinDataType target) {
        if (value.isArray()) {
            // A whole array goes as a one-dimensional array of the node's own built-in type.
            List<Value> elements = value.elements();
            Object array = Array.newInstance(target.getBackingClass(), elements.size());
            for (int i = 0; i < elements.size(); i++) {
                try {
                    Array.set(array, i, scalar(elements.get(i), target));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("element " + i + ": " + e.getMessage(), e);
                }
            }
            return new Variant(array);
        }
        return new Variant(scalar(value, target));
    }

    private static Object scalar(Value value, BuiltinDataType target) {
        Object raw = value.raw();
        return switch (target) {
            case Boolean -> {
                if (raw instanceof Boolean b) {
                    yield b;
                }
                double d = value.asDouble();
                if (d != 0 && d != 1) {
                    throw new IllegalArgumentException(value + " is not a Boolean (0 or 1)");
                }
                yield d == 1;
            }
            case SByte -> (byte) integer(value, Byte.MIN_VALUE, Byte.MAX_VALUE, target);
            case Byte -> UByte.valueOf(integer(value, 0, 255, target));
            case Int16 -> (short) integer(value, Short.MIN_VALUE, Short.MAX_VALUE, target);
            case UInt16 -> UShort.valueOf((int) integer(value, 0, 0xFFFF, target));
            case Int32 -> (int) integer(value, Integer.MIN_VALUE, Integer.MAX_VALUE, target);
            case UInt32 -> UInteger.valueOf(integer(value, 0, 0xFFFF_FFFFL, target));
            case Int64 -> integer(value, Long.MIN_VALUE, Long.MAX_VALUE, target);
            case UInt64 -> ULong.valueOf(integer(value, 0, Long.MAX_VALUE, target));
            case Float -> (float) number(value, target);
            case Double -> number(value, target);
            case String -> value.toString();
            case LocalizedText -> LocalizedText.english(value.toString());
            default -> throw new IllegalArgumentException("writing a " + target + " node is not supported; "
                    + "writable types: Boolean, integers, Float, Double, String, LocalizedText");
        };
    }

    private static long integer(Value value, long min, long max, BuiltinDataType target) {
        if (value.raw() instanceof String) {
            throw new IllegalArgumentException("'" + value + "' is text; the node is " + target);
        }
        double d = value.asDouble();
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException(value + " has a fraction; the node is " + target);
        }
        long l = value.raw() instanceof Long lv ? lv : (long) d;
        if (l < min || l > max) {
            throw new IllegalArgumentException(value + " is outside the " + target + " range " + min + ".." + max);
        }
        return l;
    }

    private static double number(Value value, BuiltinDataType target) {
        if (value.raw() instanceof String) {
            throw new IllegalArgumentException("'" + value + "' is text; the node is " + target);
        }
        return value.asDouble();
    }

    /** The built-in type of a value's Java class, for nodes whose DataType is not built-in. */
    static BuiltinDataType builtinOf(Object raw) {
        if (raw == null) {
            return null;
        }
        Class<?> c = raw.getClass().isArray() ? raw.getClass().getComponentType() : raw.getClass();
        try {
            return BuiltinDataType.fromBackingClass(c);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
