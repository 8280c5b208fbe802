package io.tidegate.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which log files go into the diagnostics bundle, newest first, and only the tail of a large one. */
class LogFilesTest {
    @TempDir
    Path dir;

    @Test
    void newestGenerationFirstLockFilesLeftOut() throws Exception {
        for (String name : List.of("tidegate.2.log", "tidegate.0.log", "tidegate.10.log", "tidegate.1.log",
                "tidegate.0.log.lck", "other.log")) {
            Files.writeString(dir.resolve(name), "x\n");
        }
        assertEquals(List.of("tidegate.0.log", "tidegate.1.log", "tidegate.2.log", "tidegate.10.log"),
                new LogFiles(dir).files().stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(new LogFiles(dir.resolve("nowhere")).files().isEmpty(), "no log folder (Kura): no logs");
    }

    @Test
    void aLargeFileGivesItsNewestMegabyteFromAWholeLine() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < LogFiles.MAX_BYTES * 3 / 2; i++) {
            text.append("line ").append(i).append(" of the gateway's log\n");
        }
        Path log = Files.writeString(dir.resolve("tidegate.0.log"), text);
        List<String> lines = new ArrayList<>();
        LogFiles.tail(log, lines::add);

        assertTrue(lines.get(0).matches("\\[\\d+ older bytes left out]"), lines.get(0));
        assertTrue(lines.get(1).matches("line \\d+ of the gateway's log"), "a whole line: " + lines.get(1));
        String[] all = text.toString().split("\n");
        assertEquals(all[all.length - 1], lines.get(lines.size() - 1));
    }
}
