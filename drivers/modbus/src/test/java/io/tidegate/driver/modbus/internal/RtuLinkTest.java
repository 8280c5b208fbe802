package io.tidegate.driver.modbus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.driver.modbus.Area;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * RTU framing against a scripted line: each request gets the answer the script makes of it, so
 * CRC errors, truncated, long and stale frames can be produced exactly. (The same faults on a real
 * pseudo-terminal with pymodbus are the hardware tests' job.)
 */
class RtuLinkTest {
    private static final Duration TIMEOUT = Duration.ofMillis(150);

    /** The correct answer of unit 1 to "read 2 holding registers": 0x1234, 0x5678. */
    private static byte[] goodAnswer() {
        return RtuLink.frame(1, HexFormat.of().parseHex("030412345678"));
    }

    private final ScriptedLine line = new ScriptedLine();
    private final RtuLink link = new RtuLink(line, 1_750_000);
    private final Pdu read = Pdu.read(Area.HOLDING_REGISTER, 0, 2);

    private byte[] exchange() throws Exception {
        return read.check(link.exchange(1, read, TIMEOUT), 1);
    }

    @Test
    void aGoodFrameGivesTheRegisterBytes() throws Exception {
        line.answers.add(r -> goodAnswer());
        assertArrayEquals(HexFormat.of().parseHex("12345678"), exchange());
        // the request on the wire: unit 1, FC3, address 0, count 2, CRC C40B
        assertEquals("010300000002c40b", HexFormat.of().formatHex(line.lastRequest));
    }

    @Test
    void aCorruptedByteIsACrcErrorAndTheNextPollIsGood() throws Exception {
        line.answers.add(r -> {
            byte[] a = goodAnswer();
            a[4] ^= 0x40;
            return a;
        });
        line.answers.add(r -> goodAnswer());
        ModbusFault f = assertThrows(ModbusFault.class, this::exchange);
        assertEquals(ModbusFault.Kind.CRC, f.kind());
        assertArrayEquals(HexFormat.of().parseHex("12345678"), exchange());
    }

    @Test
    void aTruncatedFrameIsAShortResponse() throws Exception {
        line.answers.add(r -> Arrays.copyOf(goodAnswer(), 6));
        line.answers.add(r -> goodAnswer());
        ModbusFault f = assertThrows(ModbusFault.class, this::exchange);
        assertEquals(ModbusFault.Kind.SHORT_RESPONSE, f.kind());
        assertTrue(f.getMessage().contains("6 of 9 bytes"), f::getMessage);
        assertArrayEquals(HexFormat.of().parseHex("12345678"), exchange());
    }

    @Test
    void bytesAfterTheFrameMakeItALongResponse() throws Exception {
        line.answers.add(r -> {
            byte[] a = Arrays.copyOf(goodAnswer(), 11);
            a[9] = 0x55;
            a[10] = 0x66;
            return a;
        });
        line.answers.add(r -> goodAnswer());
        ModbusFault f = assertThrows(ModbusFault.class, this::exchange);
        assertEquals(ModbusFault.Kind.LONG_RESPONSE, f.kind());
        assertArrayEquals(HexFormat.of().parseHex("12345678"), exchange());
    }

    @Test
    void aByteCountThatDisagreesWithTheRequestIsRefused() throws Exception {
        line.answers.add(r -> RtuLink.frame(1, HexFormat.of().parseHex("0302abcd")));
        ModbusFault f = assertThrows(ModbusFault.class, this::exchange);
        assertEquals(ModbusFault.Kind.SHORT_RESPONSE, f.kind());
    }

    @Test
    void aLateAnswerFromAnotherUnitIsStaleNotAValue() throws Exception {
        line.answers.add(r -> RtuLink.frame(2, HexFormat.of().parseHex("030499998888")));
        line.answers.add(r -> goodAnswer());
        ModbusFault f = assertThrows(ModbusFault.class, this::exchange);
        assertEquals(ModbusFault.Kind.STALE_RESPONSE, f.kind());
        assertArrayEquals(HexFormat.of().parseHex("12345678"), exchange());
    }

    @Test
    void aStaleAnswerLeftOnTheLineIsFlushedBeforeTheNextRequest() throws Exception {
        line.answers.add(r -> new byte[0]); // no answer in time ...
        ModbusFault f = assertThrows(ModbusFault.class, this::exchange);
        assertEquals(ModbusFault.Kind.TIMEOUT, f.kind());
        // ... then it arrives late, before the next request: it must be dropped, not read as the answer
        for (byte b : RtuLink.frame(1, HexFormat.of().parseHex("030400010002"))) {
            line.pending.addLast(b);
        }
        line.answers.add(r -> goodAnswer());
        assertArrayEquals(HexFormat.of().parseHex("12345678"), exchange());
        assertEquals(9, link.flushedBytes());
    }

    @Test
    void anExceptionAnswerCarriesItsCode() throws Exception {
        line.answers.add(r -> RtuLink.frame(1, HexFormat.of().parseHex("8302")));
        ModbusFault f = assertThrows(ModbusFault.class, this::exchange);
        assertEquals(ModbusFault.Kind.EXCEPTION, f.kind());
        assertEquals(2, f.exceptionCode());
        assertTrue(f.isIllegalAddress());
    }

    @Test
    void theLineIsSilentForTheFrameGapBetweenAnAnswerAndTheNextRequest() throws Exception {
        RtuLink gapped = new RtuLink(line, 3_000_000); // t3.5 of 3 ms
        for (int i = 0; i < 5; i++) {
            line.answers.add(r -> goodAnswer());
            read.check(gapped.exchange(1, read, TIMEOUT), 1);
        }
        assertTrue(line.shortestSilenceBeforeRequestNanos >= 3_000_000L,
                () -> "silence before a request was only " + line.shortestSilenceBeforeRequestNanos + " ns");
    }
}
