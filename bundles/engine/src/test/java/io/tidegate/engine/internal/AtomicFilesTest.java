package io.tidegate.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheContentKeepsTheModeAndLeavesNoTemporaryFile() throws Exception {
        Path profile = dir.resolve("site.yaml");
        Files.writeString(profile, "old");
        Files.setPosixFilePermissions(profile, PosixFilePermissions.fromString("rw-r-----"));

        AtomicFiles.backup(profile, dir.resolve("site.yaml.previous"));
        AtomicFiles.write(profile, "new".getBytes());

        assertEquals("new", Files.readString(profile));
        assertEquals("old", Files.readString(dir.resolve("site.yaml.previous")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(profile)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("site.yaml", "site.yaml.previous"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
