package io.tidegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.engine.profile.DemoProfile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();
    private final ByteArrayOutputStream out = streams.out;
    private final ByteArrayOutputStream err = streams.err;

    private int validate(Path profile) {
        return new CommandLine(new TidegateCommand()).execute("validate", profile.toString());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theDemoProfileIsValid() throws Exception {
        Path profile = DemoProfile.copyTo(dir);
        assertEquals(0, validate(profile), err());
        assertTrue(out().contains("OK"), out());
        assertTrue(out().contains("demo-station-01"), out());
        assertTrue(out().contains("tidegate-demo"), out());
        assertEquals("", err());
    }

    @Test
    void aTypoInAKeyFailsNamingFileLineAndKey() throws Exception {
        Path profile = DemoProfile.copyTo(dir);
        List<String> lines = Files.readAllLines(profile, StandardCharsets.UTF_8);
        int index = lines.indexOf("        unit: m");
        assertTrue(index >= 0, "the demo profile changed: no 'unit: m' line");
        lines.set(index, "        unti: m");
        Files.write(profile, lines, StandardCharsets.UTF_8);

        assertEquals(1, validate(profile));
        String error = err();
        assertTrue(error.contains(profile.toString() + ":" + (index + 1) + ":"),
                "names the file and line " + (index + 1) + ": " + error);
        assertTrue(error.contains("'unti'"), "names the key: " + error);
        assertTrue(error.contains("unit"), "suggests the key meant: " + error);
        assertTrue(out().isEmpty(), "nothing claims OK: " + out());
    }

    @Test
    void everyErrorIsListed() throws Exception {
        Path profile = DemoProfile.copyTo(dir);
        String text = Files.readString(profile, StandardCharsets.UTF_8)
                .replace("        unit: L/s\n", "        units: L/s\n")
                .replace("    interval: 1s ", "    intervall: 1s ");
        Files.writeString(profile, text, StandardCharsets.UTF_8);
        assertEquals(1, validate(profile));
        assertTrue(err().contains("'units'"), err());
        assertTrue(err().contains("'intervall'"), err());
    }

    @Test
    void aMissingProfileIsAnErrorNotACrash() {
        Path missing = dir.resolve("nowhere.yaml");
        assertEquals(1, validate(missing));
        assertTrue(err().contains("nowhere.yaml"), err());
        assertTrue(err().contains("no such file"), err());
    }
}
