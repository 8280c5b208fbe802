package io.tidegate.driver.modbus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tidegate.driver.modbus.Area;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MBAP framing against a scripted server on a real socket: for each request the script says what
 * goes back, given the request's transaction id.
 */
class TcpLinkTest {
    private final BlockingQueue<IntFunction<byte[]>> script = new LinkedBlockingQueue<>();
    private ServerSocket server;
    private Thread thread;
    private TcpLink link;
    private final Pdu read = Pdu.read(Area.HOLDING_REGISTER, 0, 1);

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "scripted-mbap");
        thread.setDaemon(true);
        thread.start();
        link = new TcpLink("127.0.0.1", server.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        link.close();
        server.close();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    byte[] header = new byte[7];
                    in.readFully(header);
                    int tid = ((header[0] & 0xFF) << 8) | (header[1] & 0xFF);
                    int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
                    in.readFully(new byte[length - 1]);
                    IntFunction<byte[]> answer = script.take();
                    out.write(answer.apply(tid));
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // connection closed by the client, or the test ended
            }
        }
    }

    /** An answer "register = value" with the given transaction id. */
    private static byte[] answer(int tid, int value) {
        return HexFormat.of().parseHex(String.format("%04x000000050103020%03x", tid, value));
    }

    private byte[] exchange() throws Exception {
        return read.check(link.exchange(1, read, Duration.ofMillis(300)), 1);
    }

    @Test
    void theAnswerWithOurTransactionIdIsTaken() throws Exception {
        script.add(tid -> answer(tid, 0x123));
        assertArrayEquals(new byte[] {0x01, 0x23}, exchange());
    }

    @Test
    void aLateAnswerToATimedOutRequestIsDroppedAndOursIsTaken() throws Exception {
        int[] first = new int[1];
        script.add(tid -> {
            first[0] = tid;
            return new byte[0]; // no answer in time
        });
        assertEquals(ModbusFault.Kind.TIMEOUT, assertThrows(ModbusFault.class, this::exchange).kind());
        // the late answer to the first request comes just before the answer to the second
        script.add(tid -> {
            byte[] late = answer(first[0], 0x111);
            byte[] ours = answer(tid, 0x222);
            byte[] both = new byte[late.length + ours.length];
            System.arraycopy(late, 0, both, 0, late.length);
            System.arraycopy(ours, 0, both, late.length, ours.length);
            return both;
        });
        assertArrayEquals(new byte[] {0x02, 0x22}, exchange());
    }

    @Test
    void anUnknownTransactionIdIsRefusedAndTheConnectionMadeAgain() throws Exception {
        script.add(tid -> answer(tid + 100, 0x123));
        ModbusFault f = assertThrows(ModbusFault.class, this::exchange);
        assertEquals(ModbusFault.Kind.WRONG_TRANSACTION, f.kind());
        script.add(tid -> answer(tid, 0x124));
        assertArrayEquals(new byte[] {0x01, 0x24}, exchange());
    }

    @Test
    void aShortOrLongPduIsRefused() throws Exception {
        script.add(tid -> HexFormat.of().parseHex(String.format("%04x00000004010302", tid) + "01"));
        assertEquals(ModbusFault.Kind.SHORT_RESPONSE, assertThrows(ModbusFault.class, this::exchange).kind());
        script.add(tid -> HexFormat.of().parseHex(String.format("%04x0000000701030401020304", tid)));
        assertEquals(ModbusFault.Kind.LONG_RESPONSE, assertThrows(ModbusFault.class, this::exchange).kind());
        script.add(tid -> answer(tid, 0x125));
        assertArrayEquals(new byte[] {0x01, 0x25}, exchange());
    }

    @Test
    void everyExceptionCodeIsNamed() throws Exception {
        for (int code : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 0x0A, 0x0B}) {
            script.add(tid -> HexFormat.of().parseHex(String.format("%04x000000030183%02x", tid, code)));
            ModbusFault f = assertThrows(ModbusFault.class, this::exchange);
            assertEquals(ModbusFault.Kind.EXCEPTION, f.kind());
            assertEquals(code, f.exceptionCode());
            assertEquals(false, f.getMessage().contains("unknown exception"), f::getMessage);
        }
    }
}
