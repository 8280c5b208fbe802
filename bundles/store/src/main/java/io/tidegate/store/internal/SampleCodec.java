package io.tidegate.store.internal;

import io.tidegate.api.DataType;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes everything of a {@link Sample} except its point id into the compact binary body stored
 * in {@code sample.body} (the point id is interned in its own column). Each body decodes on its
 * own, because rows are acknowledged and deleted in any order; so times are absolute, not deltas
 * from a previous row.
 *
 * <p>Layout (format 1, tied to schema version 1):
 * <pre>
 * header  1 byte   bits 0-3  value tag: 0 = no value, 1 + DataType.ordinal() for a scalar (1-9),
 *                            15 = an array (its type in the next byte); 10-14 are unused
 *                  bits 4-5  Quality.Status ordinal
 *                  bit  6    quality reason/detail follow
 *                  bit  7    gateway time differs from source time
 * [array type      1 byte   1 + DataType.ordinal() of the array type (10-18)]   when tag 15
 * value            BOOL: 1 byte 0/1; INT16/INT32/INT64: zigzag varint; UINT16/UINT32: varint;
 *                  FLOAT32: 4 bytes IEEE big-endian; FLOAT64: 8 bytes; STRING: varint length + UTF-8;
 *                  an array: varint element count, then each element as its scalar type above
 * [reason 1 byte, detail varint length + UTF-8]        when bit 6
 * source time      zigzag varint, epoch ms
 * [gateway time - source time, zigzag varint]          when bit 7
 * </pre>
 * A good float sample read and stamped at once is 1 + 4 + 6 = 11 bytes (FLOAT64: 15).
 *
 * <p>Arrays were added to format 1 without changing what came before: a body written before them
 * (tags 0-9) decodes exactly as it did. A gateway downgraded to a version without arrays would
 * quarantine the array rows as malformed rather than misread them.
 *
 * <p>Strings are standard UTF-8 so a person can read them with the sqlite3 shell; an unpaired
 * UTF-16 surrogate (which no device text decoder produces) would come back as '?'.
 */
public final class SampleCodec {
    private static final DataType[] TYPES = DataType.values();
    private static final Quality.Status[] STATUSES = Quality.Status.values();
    private static final Quality.Reason[] REASONS = Quality.Reason.values();

    private static final int TAG_MASK = 0x0F;
    /** The header tag of an array value, whose type follows in its own byte. */
    private static final int ARRAY_TAG = 0x0F;
    /** Tags 1 .. SCALAR_TAGS are the scalar types; they must keep the ordinals bodies were written with. */
    private static final int SCALAR_TAGS = DataType.STRING.ordinal() + 1;
    private static final int STATUS_SHIFT = 4;
    private static final int STATUS_MASK = 0x03;
    private static final int HAS_QUALITY_DETAIL = 0x40;
    private static final int HAS_GATEWAY_DELTA = 0x80;

    /** The body of a sample: everything but the point id. */
    public byte[] encode(Sample sample) {
        Quality quality = sample.quality();
        Value value = sample.value();
        boolean qualityDetail = quality.reason() != Quality.Reason.NONE || !quality.detail().isEmpty();
        long gatewayDelta = sample.gatewayTime() - sample.sourceTime();

        Writer out = new Writer(value != null && (value.type() == DataType.STRING || value.isArray()) ? 32 : 16);
        int header = (value == null ? 0 : value.isArray() ? ARRAY_TAG : 1 + value.type().ordinal())
                | quality.status().ordinal() << STATUS_SHIFT
                | (qualityDetail ? HAS_QUALITY_DETAIL : 0)
                | (gatewayDelta != 0 ? HAS_GATEWAY_DELTA : 0);
        out.writeByte(header);
        if (value != null && value.isArray()) {
            out.writeByte(1 + value.type().ordinal());
            out.writeVarLong(value.size());
            for (Value element : value.elements()) {
                writeValue(out, element);
            }
        } else if (value != null) {
            writeValue(out, value);
        }
        if (qualityDetail) {
            out.writeByte(quality.reason().ordinal());
            out.writeString(quality.detail());
        }
        out.writeSignedVarLong(sample.sourceTime());
        if (gatewayDelta != 0) {
            out.writeSignedVarLong(gatewayDelta);
        }
        return out.toByteArray();
    }

    /**
     * The sample whose body this is, for the given point.
     *
     * @throws MalformedBodyException when the body is not one this codec wrote
     */
    public Sample decode(String pointId, byte[] body) {
        Reader in = new Reader(body);
        int header = in.readByte();
        int tag = header & TAG_MASK;
        if (tag > SCALAR_TAGS && tag != ARRAY_TAG) {
            throw new MalformedBodyException("unknown value tag " + tag);
        }
        Quality.Status status = STATUSES[checkIndex((header >>> STATUS_SHIFT) & STATUS_MASK, STATUSES.length,
                "quality status")];
        Value value = tag == 0 ? null : tag == ARRAY_TAG ? readArray(in) : readValue(in, TYPES[tag - 1]);
        Quality quality;
        if ((header & HAS_QUALITY_DETAIL) != 0) {
            Quality.Reason reason = REASONS[checkIndex(in.readByte(), REASONS.length, "quality reason")];
            quality = newQuality(status, reason, in.readString());
        } else {
            quality = status == Quality.Status.GOOD ? Quality.GOOD : newQuality(status, Quality.Reason.NONE, "");
        }
        long sourceTime = in.readSignedVarLong();
        long gatewayTime = (header & HAS_GATEWAY_DELTA) != 0 ? sourceTime + in.readSignedVarLong() : sourceTime;
        in.expectEnd();
        try {
            return new Sample(pointId, value, quality, sourceTime, gatewayTime);
        } catch (IllegalArgumentException e) {
            throw new MalformedBodyException("body does not make a valid sample: " + e.getMessage());
        }
    }

    private static void writeValue(Writer out, Value value) {
        switch (value.type()) {
            case BOOL -> out.writeByte(value.asBoolean() ? 1 : 0);
            case INT16, INT32, INT64 -> out.writeSignedVarLong(value.asLong());
            case UINT16, UINT32 -> out.writeVarLong(value.asLong());
            // Value keeps FLOAT32 as the double of a float, so the float bits lose nothing.
            case FLOAT32 -> out.writeInt(Float.floatToRawIntBits((float) value.asDouble()));
            case FLOAT64 -> out.writeLong(Double.doubleToRawLongBits(value.asDouble()));
            case STRING -> out.writeString((String) value.raw());
            default -> throw new IllegalStateException("no encoding for " + value.type());
        }
    }

    private static Value readArray(Reader in) {
        int typeTag = in.readByte();
        if (typeTag <= SCALAR_TAGS || typeTag > TYPES.length) {
            throw new MalformedBodyException("unknown array type tag " + typeTag);
        }
        DataType type = TYPES[typeTag - 1];
        long count = in.readVarLong();
        // Every element takes at least one byte: a count beyond what is left is a damaged body,
        // not a reason to allocate a huge list.
        if (count < 0 || count > in.remaining()) {
            throw new MalformedBodyException(type + " of " + count + " elements overruns the body");
        }
        List<Object> elements = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            elements.add(readValue(in, type.elementType()).raw());
        }
        try {
            return Value.ofArray(type, elements);
        } catch (IllegalArgumentException e) {
            throw new MalformedBodyException("stored " + type + " is invalid: " + e.getMessage());
        }
    }

    private static Value readValue(Reader in, DataType type) {
        Object raw = switch (type) {
            case BOOL -> {
                int b = in.readByte();
                if (b > 1) {
                    throw new MalformedBodyException("BOOL byte " + b);
                }
                yield b == 1;
            }
            case INT16, INT32, INT64 -> in.readSignedVarLong();
            case UINT16, UINT32 -> in.readVarLong();
            case FLOAT32 -> (double) Float.intBitsToFloat(in.readInt());
            case FLOAT64 -> Double.longBitsToDouble(in.readLong());
            case STRING -> in.readString();
            default -> throw new MalformedBodyException("an array element cannot be a " + type);
        };
        try {
            return Value.of(type, raw);
        } catch (IllegalArgumentException e) {
            throw new MalformedBodyException("stored " + type + " is invalid: " + e.getMessage());
        }
    }

    private static Quality newQuality(Quality.Status status, Quality.Reason reason, String detail) {
        try {
            return new Quality(status, reason, detail);
        } catch (IllegalArgumentException e) {
            throw new MalformedBodyException("stored quality is invalid: " + e.getMessage());
        }
    }

    private static int checkIndex(int index, int size, String what) {
        if (index >= size) {
            throw new MalformedBodyException("unknown " + what + " " + index);
        }
        return index;
    }

    /** A growable byte buffer with the few primitives the layout needs. */
    private static final class Writer {
        private byte[] bytes;
        private int size;

        Writer(int capacity) {
            bytes = new byte[capacity];
        }

        void writeByte(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void writeInt(int v) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (v >>> shift);
            }
        }

        void writeLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (v >>> shift);
            }
        }

        /** LEB128: 7 bits a byte, low first, high bit set on all but the last. */
        void writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        /** Zigzag first, so small negative numbers stay short too. */
        void writeSignedVarLong(long v) {
            writeVarLong((v << 1) ^ (v >> 63));
        }

        void writeString(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeVarLong(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    /** Reads what {@link Writer} wrote; every overrun is a MalformedBodyException. */
    private static final class Reader {
        private final byte[] bytes;
        private int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int readByte() {
            need(1);
            return bytes[pos++] & 0xFF;
        }

        int readInt() {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) {
                v = v << 8 | (bytes[pos++] & 0xFF);
            }
            return v;
        }

        long readLong() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (bytes[pos++] & 0xFF);
            }
            return v;
        }

        long readVarLong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new MalformedBodyException("varint longer than 10 bytes");
        }

        long readSignedVarLong() {
            long v = readVarLong();
            return (v >>> 1) ^ -(v & 1);
        }

        String readString() {
            long length = readVarLong();
            if (length < 0 || length > bytes.length - pos) {
                throw new MalformedBodyException("string of " + length + " bytes overruns the body");
            }
            String s = new String(bytes, pos, (int) length, StandardCharsets.UTF_8);
            pos += (int) length;
            return s;
        }

        int remaining() {
            return bytes.length - pos;
        }

        void expectEnd() {
            if (pos != bytes.length) {
                throw new MalformedBodyException((bytes.length - pos) + " bytes after the end of the sample");
            }
        }

        private void need(int n) {
            if (bytes.length - pos < n) {
                throw new MalformedBodyException("body ends after " + bytes.length + " bytes");
            }
        }
    }
}
