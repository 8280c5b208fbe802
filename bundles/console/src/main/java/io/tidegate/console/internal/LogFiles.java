package io.tidegate.console.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's log files for the diagnostics bundle: the embedded launcher writes them to
 * {@code <data>/logs/tidegate.N.log} (N = 0 the newest, rotated by size). Only the newest
 * {@link #MAX_BYTES} of each is taken, so a bundle stays small enough to mail.
 */
final class LogFiles {
    static final long MAX_BYTES = 1024 * 1024;
    private final Path dir;

    LogFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The log files, newest first; empty when there are none (e.g. on Kura, which keeps its own log). */
    List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "tidegate.*.log")) {
            logs.forEach(files::add);
        }
        files.sort((a, b) -> Integer.compare(generation(a), generation(b)));
        return files;
    }

    /**
     * Hands each line of the file's tail (its last {@link #MAX_BYTES} bytes, from a whole line on) to
     * {@code out}, one at a time, so a megabyte of log never sits in a small gateway's heap at once.
     */
    static void tail(Path file, LineSink out) throws IOException {
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            long skip = Math.max(0, size - MAX_BYTES);
            in.skipNBytes(skip);
            if (skip > 0) {
                reader.readLine(); // the rest of a line cut in two
                out.line("[" + skip + " older bytes left out]");
            }
            for (String line; (line = reader.readLine()) != null; ) {
                out.line(line);
            }
        }
    }

    /** Where {@link #tail} puts lines. */
    interface LineSink {
        void line(String line) throws IOException;
    }

    private static int generation(Path file) {
        String name = file.getFileName().toString();
        try {
            return Integer.parseInt(name.substring("tidegate.".length(), name.length() - ".log".length()));
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
