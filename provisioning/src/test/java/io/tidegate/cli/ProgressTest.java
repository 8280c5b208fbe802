package io.tidegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void onATerminalOneBarIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, "building x.deb", 4);
        for (int i = 1; i <= 4; i++) {
            p.step("file" + i);
        }
        p.finish();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line, redrawn with carriage returns");
        assertEquals(4, text.chars().filter(c -> c == '\r').count());
        assertTrue(text.contains("[" + "#".repeat(30) + "] 100% building x.deb: file4"), text);
        assertTrue(text.contains("[" + "#".repeat(15) + ".".repeat(15) + "]  50%"), text);
    }

    @Test
    void inALogItPrintsPlainLinesAtMostOnePerTenth() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "building x.deb", 85);
        for (int i = 1; i <= 85; i++) {
            p.step("file" + i);
        }
        p.finish();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.lines().count() <= 11, text);
        assertTrue(text.chars().noneMatch(c -> c == '\r' || c == 27), "no terminal control characters in a log");
        assertTrue(text.strip().endsWith("building x.deb: 85/85 (100%) file85"), text);
    }
}
