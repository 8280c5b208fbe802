package io.tidegate.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DataType;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Value;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Array values in the sample body, and bodies written before arrays existed. */
class SampleCodecArraysTest {
    private static final long T = 1_763_700_000_123L;
    private final SampleCodec codec = new SampleCodec();

    /**
     * Bodies as the codec wrote them before array values were added (produced by the previous
     * SampleCodec and API, commit 53022c7), and the samples they must still read back as.
     */
    static Stream<Arguments> bodiesOfTheFormatBeforeArrays() {
        return Stream.of(
                Arguments.of("0101f695b2cbd466", Sample.good("p", Value.ofBoolean(true), T)),
                Arguments.of("8203f695b2cbd4660a", new Sample("p", Value.of(DataType.INT16, -2), Quality.GOOD, T, T + 5)),
                Arguments.of("03ffff03f695b2cbd466", Sample.good("p", Value.of(DataType.UINT16, 65535), T)),
                Arguments.of("04bf9a0cf695b2cbd466", Sample.good("p", Value.of(DataType.INT32, -100000), T)),
                Arguments.of("05ffffffff0ff695b2cbd466", Sample.good("p", Value.of(DataType.UINT32, 4294967295L), T)),
                Arguments.of("06ffffffffffffffffff01f695b2cbd466",
                        Sample.good("p", Value.of(DataType.INT64, Long.MIN_VALUE), T)),
                Arguments.of("0741ac0000f695b2cbd466", Sample.good("p", Value.of(DataType.FLOAT32, 21.5), T)),
                Arguments.of("08400921fb54442d18f695b2cbd466", Sample.good("p", Value.of(DataType.FLOAT64, Math.PI), T)),
                Arguments.of("0906e6b3b5206f6bf695b2cbd466", Sample.good("p", Value.of(DataType.STRING, "泵 ok"), T)),
                Arguments.of("d83ff800000000000004036f6c64f695b2cbd46601", new Sample("p", Value.of(DataType.FLOAT64, 1.5),
                        new Quality(Quality.Status.UNCERTAIN, Quality.Reason.STALE, "old"), T, T - 1)),
                Arguments.of("60010774696d656f7574f695b2cbd466",
                        Sample.bad("p", Quality.bad(Quality.Reason.COMM_FAILURE, "timeout"), T)));
    }

    @ParameterizedTest
    @MethodSource("bodiesOfTheFormatBeforeArrays")
    void rowsWrittenBeforeArraysReadBackUnchanged(String hex, Sample expected) {
        byte[] oldBody = HexFormat.of().parseHex(hex);

        Sample decoded = codec.decode("p", oldBody);

        assertEquals(expected, decoded);
        assertEquals(expected.value() == null ? null : expected.value().type(),
                decoded.value() == null ? null : decoded.value().type());
        assertEquals(hex, HexFormat.of().formatHex(codec.encode(decoded)), "scalars are still written the same way");
    }

    @Test
    void anArrayIsTaggedWithItsOwnTypeAndElementsInTheirScalarEncoding() {
        Sample sample = Sample.good("p", Value.of(DataType.INT16_ARRAY, List.of(-1, 2)), T);

        byte[] body = codec.encode(sample);

        // header tag 15 (array), type byte 1 + ordinal of INT16[] (11), count 2, zigzag -1 = 01, 2 = 04, time
        assertEquals("0f0b020104f695b2cbd466", HexFormat.of().formatHex(body));
        assertEquals(sample, codec.decode("p", body));
    }

    @Test
    void badArrayBodiesAreMalformedNotMisread() {
        // unknown header tags between the scalars and the array tag
        assertThrows(MalformedBodyException.class, () -> codec.decode("p", HexFormat.of().parseHex("0af695b2cbd466")));
        // a scalar type where the array type belongs
        var scalar = assertThrows(MalformedBodyException.class,
                () -> codec.decode("p", HexFormat.of().parseHex("0f0801000000000000000000f695b2cbd466")));
        assertTrue(scalar.getMessage().contains("array type tag 8"), scalar.getMessage());
        // an element count far beyond the body: refused before allocating anything
        var huge = assertThrows(MalformedBodyException.class,
                () -> codec.decode("p", HexFormat.of().parseHex("0f12ffffffff0f00")));
        assertTrue(huge.getMessage().contains("overruns the body"), huge.getMessage());
        // an element out of its type's range
        assertThrows(MalformedBodyException.class,
                () -> codec.decode("p", HexFormat.of().parseHex("0f0c01808004f695b2cbd466")));
        // every truncation of a good array body
        byte[] body = codec.encode(Sample.good("p", Value.of(DataType.STRING_ARRAY, List.of("ab", "c")), T));
        for (int length = 0; length < body.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(body, length);
            assertThrows(MalformedBodyException.class, () -> codec.decode("p", cut), "cut at " + length);
        }
    }
}
