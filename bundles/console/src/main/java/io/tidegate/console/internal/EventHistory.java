package io.tidegate.console.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's recent events and alarms for the console: a bounded list in memory, newest first,
 * also appended to a small file so the page still shows what happened before a restart. The file is
 * cut back to the newest entries when it has grown to twice the bound, so it never grows without end.
 */
final class EventHistory implements AutoCloseable {
    /** One event: when, what kind ({@code store}, {@code command}, {@code alarm}, {@code device}), about what, and what. */
    record Event(long time, String kind, String source, String text) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", Instant.ofEpochMilli(time).toString());
            m.put("kind", kind);
            m.put("source", source);
            m.put("text", text);
            return m;
        }
    }

    private static final Logger LOG = System.getLogger(EventHistory.class.getName());
    private final int limit;
    private final Path file;
    private final Deque<Event> events = new ArrayDeque<>();
    private BufferedWriter writer;
    private int linesInFile;

    private EventHistory(int limit, Path file) {
        this.limit = limit;
        this.file = file;
    }

    /** Opens the history kept in {@code file} (created if missing), keeping at most {@code limit} events. */
    static EventHistory open(Path file, int limit) throws IOException {
        EventHistory history = new EventHistory(limit, file);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                Event event = parse(line);
                if (event != null) {
                    history.remember(event);
                }
            }
            history.linesInFile = lines.size();
        }
        history.rewriteIfLong();
        history.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return history;
    }

    synchronized void add(Event event) {
        remember(event);
        try {
            writer.write(format(event));
            writer.newLine();
            writer.flush();
            linesInFile++;
            if (linesInFile >= 2 * limit) {
                writer.close();
                rewriteIfLong();
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            // The page still shows it from memory; only the copy for after a restart is missing.
            LOG.log(Level.WARNING, "cannot keep the console''s event history in {0}: {1}", file, e.toString());
        }
    }

    /** Newest first, at most {@code max}. */
    synchronized List<Event> newest(int max) {
        List<Event> out = new ArrayList<>(Math.min(max, events.size()));
        for (Event event : events) {
            if (out.size() >= max) {
                break;
            }
            out.add(event);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing {0}: {1}", file, e.toString());
        }
    }

    private void remember(Event event) {
        events.addFirst(event);
        while (events.size() > limit) {
            events.removeLast();
        }
    }

    private void rewriteIfLong() throws IOException {
        if (linesInFile <= limit) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        List<String> lines = new ArrayList<>();
        events.descendingIterator().forEachRemaining(e -> lines.add(format(e)));
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        linesInFile = lines.size();
    }

    /** One line: time, kind, source, text separated by tabs; tabs, newlines and backslashes escaped. */
    static String format(Event e) {
        return e.time() + "\t" + escape(e.kind()) + "\t" + escape(e.source()) + "\t" + escape(e.text());
    }

    static Event parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 4) {
            return null; // a line cut short by a power cut: skipped
        }
        try {
            return new Event(Long.parseLong(f[0]), unescape(f[1]), unescape(f[2]), unescape(f[3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
