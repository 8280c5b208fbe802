package io.tidegate.uplink.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The Sparkplug birth/death sequence number, kept on disk so that a restarted gateway continues
 * where it stopped: a host application matches an NDEATH to its NBIRTH by {@code bdSeq}, and a
 * number reused across restarts would let a stale Will kill a live session.
 */
final class BdSeqFile {
    private final Path file;

    BdSeqFile(Path dataDir) {
        this.file = dataDir.resolve("sparkplug-bdseq");
    }

    /** The last bdSeq used, or -1 if none was ever used (or the file is unreadable). */
    int last() {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            int value = Integer.parseInt(text);
            return value >= 0 && value <= 255 ? value : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Takes the next bdSeq (0..255, wrapping) and makes it durable before returning, so it is on disk
     * before the CONNECT that carries it in its Will.
     */
    int next() throws IOException {
        int next = (last() + 1) % 256;
        write(next);
        return next;
    }

    /**
     * Gives a number back when the CONNECT carrying it never reached a broker (the TCP connection
     * was refused), so no Will with it exists and the next session may use it.
     */
    void giveBack(int unused) throws IOException {
        write((unused + 255) % 256);
    }

    private void write(int value) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(Integer.toString(value).getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
