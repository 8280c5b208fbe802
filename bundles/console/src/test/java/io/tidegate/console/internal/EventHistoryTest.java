package io.tidegate.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events page's history: newest first, bounded, and still there after a restart. */
class EventHistoryTest {
    @TempDir
    Path dir;

    @Test
    void newestFirstBoundedAndKeptAcrossARestart() throws Exception {
        Path file = dir.resolve("events.log");
        try (EventHistory history = EventHistory.open(file, 3)) {
            for (int i = 1; i <= 5; i++) {
                history.add(new EventHistory.Event(i, "device", "station", "state " + i));
            }
            assertEquals(List.of("state 5", "state 4", "state 3"), texts(history.newest(10)));
            assertEquals(List.of("state 5"), texts(history.newest(1)));
        }
        try (EventHistory reopened = EventHistory.open(file, 3)) {
            assertEquals(List.of("state 5", "state 4", "state 3"), texts(reopened.newest(10)));
        }
        assertTrue(Files.readAllLines(file).size() <= 3, "the file was cut back to the bound");
    }

    @Test
    void textWithTabsAndNewlinesSurvivesAndACutLineIsSkipped() throws Exception {
        Path file = dir.resolve("events.log");
        try (EventHistory history = EventHistory.open(file, 10)) {
            history.add(new EventHistory.Event(1, "command", "command", "refused:\tbad\nvalue \\ here"));
        }
        Files.writeString(file, "12345\tdevice\tstat", java.nio.file.StandardOpenOption.APPEND); // cut by a power cut
        try (EventHistory reopened = EventHistory.open(file, 10)) {
            assertEquals(List.of("refused:\tbad\nvalue \\ here"), texts(reopened.newest(10)));
        }
    }

    private static List<String> texts(List<EventHistory.Event> events) {
        return events.stream().map(EventHistory.Event::text).toList();
    }
}
