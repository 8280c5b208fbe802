package io.tidegate.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Commissioning.DeviceEdit;
import io.tidegate.api.Commissioning.DeviceRemoval;
import io.tidegate.api.Commissioning.Problem;
import io.tidegate.api.Commissioning.UplinkEdit;
import io.tidegate.engine.profile.DemoProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Console changes judged by the profile loader, their errors mapped back to the form's fields and rows. */
class ProfileEditorTest {
    private static final String MAP = """
            id,address,type,unit
            # a comment line still counts as a line
            pump3/level,wet_well.level,FLOAT64,m
            pump3/current,pump1.current,FLAOT64,A
            """;

    @TempDir
    Path dir;

    private ProfileEditor.Verdict judge(ProfileEditor editor, io.tidegate.api.Commissioning.Change change)
            throws Exception {
        Path csv = dir.resolve("staged.csv");
        ProfileEditor.Candidate candidate = editor.candidate(change, csv);
        if (candidate.csvText() != null) {
            Files.writeString(csv, candidate.csvText());
        }
        return editor.validate(candidate);
    }

    @Test
    void aBadRegisterMapRowIsReportedOnItsRowAndColumn() throws Exception {
        ProfileEditor editor = new ProfileEditor(DemoProfile.copyTo(dir));
        ProfileEditor.Verdict verdict = judge(editor, new DeviceEdit(null, "pump3", "sim", "1s",
                Map.of("model", "pump-station"), MAP));
        assertEquals(1, verdict.problems().size(), verdict.problems().toString());
        Problem p = verdict.problems().get(0);
        assertEquals("points", p.field());
        assertEquals(4, p.row());
        assertEquals("type", p.column());
        assertTrue(p.message().startsWith("'FLAOT64' is not a data type"), p.message());
    }

    @Test
    void deviceAndUplinkFieldsAreNamed() throws Exception {
        ProfileEditor editor = new ProfileEditor(DemoProfile.copyTo(dir));
        List<Problem> device = judge(editor, new DeviceEdit("meter", "meter", "modbus-tpc", "soon", Map.of(), null))
                .problems();
        assertEquals(List.of("driver", "interval"), device.stream().map(Problem::field).sorted().toList(),
                device.toString());
        List<Problem> uplink = judge(editor, new UplinkEdit(Map.of("port", "0"))).problems();
        assertEquals("uplink.port", uplink.get(0).field(), uplink.toString());
        List<Problem> missing = judge(editor, new DeviceRemoval("nobody")).problems();
        assertTrue(missing.get(0).message().contains("no device 'nobody'"), missing.toString());
    }

    @Test
    void anEditWithoutPointsKeepsTheInlinePointsAndTheirTags() throws Exception {
        ProfileEditor editor = new ProfileEditor(DemoProfile.copyTo(dir));
        ProfileEditor.Verdict verdict = judge(editor, new DeviceEdit("station", "station", "sim", "500ms",
                Map.of("model", "pump-station", "seed", "42"), null));
        assertEquals(List.of(), verdict.problems());
        var station = verdict.site().device("station").orElseThrow();
        assertEquals(15, station.points().size());
        assertEquals("demo-pump-station", station.points().get(0).tags().get("site"));
        assertEquals(java.time.Duration.ofMillis(500), station.points().get(0).pollInterval());
    }

    @Test
    void theViewShowsInlinePointsAsARegisterMap() throws Exception {
        ProfileEditor editor = new ProfileEditor(DemoProfile.copyTo(dir));
        var view = editor.view();
        assertEquals("demo-station-01", view.gatewayId());
        String station = view.devices().get(0).pointsCsv();
        assertTrue(station.startsWith("id,address,type,unit,access,min,max,description\n"), station);
        assertTrue(station.contains("control/start_level,control.start_level,FLOAT64,m,read-write,0.3,4.0,"
                + "Level at which a pump starts\n"), station);
        assertTrue(view.devices().get(1).pointsCsv().contains("meter/voltage_l1"), "the meter's CSV file");
        assertEquals("127.0.0.1", view.uplink().get("host"));
    }

    @Test
    void valuesTheEditDoesNotTouchAreWrittenBackAsTheyWere() throws Exception {
        Path profile = DemoProfile.copyTo(dir);
        // Numbers YAML would read as octal and hexadecimal: an edit elsewhere must not rename the gateway.
        Files.writeString(profile, Files.readString(profile).replace("id: demo-station-01", "id: 0012")
                .replace("group: tidegate-demo", "group: 0x10"));
        ProfileEditor editor = new ProfileEditor(profile);
        ProfileEditor.Candidate candidate = editor.candidate(new UplinkEdit(Map.of("keepAlive", "45s")),
                dir.resolve("staged.csv"));
        assertTrue(candidate.yaml().contains("group: 0x10"), candidate.yaml());
        ProfileEditor.Verdict verdict = editor.validate(candidate);
        assertEquals(List.of(), verdict.problems());
        assertEquals("0012", verdict.site().gateway().id());
        assertEquals("0x10", verdict.site().gateway().group());
        assertEquals(java.time.Duration.ofSeconds(45), verdict.site().uplink().keepAlive());
    }
}
