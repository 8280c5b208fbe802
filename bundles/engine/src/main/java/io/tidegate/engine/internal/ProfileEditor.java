package io.tidegate.engine.internal;

import io.tidegate.api.Commissioning.Change;
import io.tidegate.api.Commissioning.DeviceEdit;
import io.tidegate.api.Commissioning.DeviceRemoval;
import io.tidegate.api.Commissioning.DeviceView;
import io.tidegate.api.Commissioning.Problem;
import io.tidegate.api.Commissioning.ProfileView;
import io.tidegate.api.Commissioning.UplinkEdit;
import io.tidegate.engine.profile.ProfileError;
import io.tidegate.engine.profile.ProfileException;
import io.tidegate.engine.profile.ProfileLoader;
import io.tidegate.engine.profile.SiteProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns one console change into the text of a new site profile, and has {@link ProfileLoader} judge
 * it: the very validation the profile file gets at start-up. Its errors are mapped back to the
 * form: a device's fields, the rows and columns of an imported register map, the uplink's keys.
 *
 * <p>The profile is rewritten from its parsed tree, so comments in a hand-written file do not
 * survive a console edit; the previous file is kept beside it as a backup.
 */
final class ProfileEditor {
    private static final Pattern DEVICE_FIELD = Pattern.compile("devices\\[(\\d+)\\](?:\\.(.*))?");
    private static final Pattern CSV_COLUMN = Pattern.compile("column '(.*)'|column (\\d+)");
    private static final List<String> CSV_COLUMNS = List.of("id", "address", "type", "unit", "access", "min", "max",
            "scale", "offset", "interval", "description", "area", "order", "group");

    private final Path profile;

    ProfileEditor(Path profile) {
        this.profile = profile.toAbsolutePath();
    }

    Path profile() {
        return profile;
    }

    /**
     * A candidate: the profile text with the change made, and the register map it names (to be
     * written as {@code csvFile} before validation; null when the change imports none).
     */
    record Candidate(String yaml, String csvText, Path csvFile, int deviceIndex, List<Problem> problems) {
    }

    /** The result of a validation: the profile when valid, or the problems in the form's terms. */
    record Verdict(SiteProfile site, List<Problem> problems) {
    }

    /** Makes the change on the running profile's tree; the register map, if any, goes to {@code csvFile}. */
    Candidate candidate(Change change, Path csvFile) throws IOException {
        Map<String, Object> tree = tree();
        List<Object> devices = devices(tree);
        int index = -1;
        List<Problem> problems = new ArrayList<>();
        String csvText = null;
        if (change instanceof DeviceEdit edit) {
            Map<String, Object> device;
            if (edit.originalId() == null) {
                device = new LinkedHashMap<>();
                devices.add(device);
                index = devices.size() - 1;
            } else {
                index = indexOf(devices, edit.originalId());
                if (index < 0) {
                    problems.add(new Problem("", 0, "", "there is no device '" + edit.originalId() + "' to edit"));
                    return new Candidate(null, null, null, -1, problems);
                }
                device = asMap(devices.get(index));
            }
            Map<String, Object> rebuilt = new LinkedHashMap<>();
            rebuilt.put("id", blankToNull(edit.id()));
            rebuilt.put("driver", blankToNull(edit.driver()));
            if (edit.interval() != null && !edit.interval().isBlank()) {
                rebuilt.put("interval", edit.interval().trim());
            }
            if (!edit.settings().isEmpty()) {
                Map<String, Object> settings = new LinkedHashMap<>();
                edit.settings().forEach((k, v) -> settings.put(k, scalar(v)));
                rebuilt.put("settings", settings);
            }
            if (edit.pointsCsv() != null) {
                csvText = edit.pointsCsv();
                rebuilt.put("pointsCsv", profile.getParent().relativize(csvFile.toAbsolutePath()).toString());
            } else {
                for (String key : List.of("points", "pointsCsv")) {
                    if (device.containsKey(key)) {
                        rebuilt.put(key, device.get(key));
                    }
                }
            }
            devices.set(index, rebuilt);
        } else if (change instanceof DeviceRemoval removal) {
            int at = indexOf(devices, removal.id());
            if (at < 0) {
                problems.add(new Problem("", 0, "", "there is no device '" + removal.id() + "' to remove"));
                return new Candidate(null, null, null, -1, problems);
            }
            devices.remove(at);
        } else if (change instanceof UplinkEdit uplinkEdit) {
            Map<String, Object> uplink = tree.get("uplink") instanceof Map<?, ?> ? asMap(tree.get("uplink"))
                    : new LinkedHashMap<>();
            for (Map.Entry<String, String> e : uplinkEdit.fields().entrySet()) {
                if (e.getValue() == null || e.getValue().isBlank()) {
                    uplink.remove(e.getKey());
                } else {
                    uplink.put(e.getKey(), scalar(e.getValue().trim()));
                }
            }
            tree.put("uplink", uplink);
        }
        return new Candidate(dump(tree), csvText, csvText == null ? null : csvFile, index, problems);
    }

    /**
     * Validates a candidate with the profile loader; its register map must already be at
     * {@code candidate.csvFile()}.
     */
    Verdict validate(Candidate candidate) {
        if (!candidate.problems().isEmpty()) {
            return new Verdict(null, candidate.problems());
        }
        try {
            return new Verdict(ProfileLoader.load(candidate.yaml(), profile), List.of());
        } catch (ProfileException e) {
            List<Problem> problems = new ArrayList<>();
            for (ProfileError error : e.errors()) {
                problems.add(problem(error, candidate));
            }
            return new Verdict(null, problems);
        }
    }

    private Problem problem(ProfileError error, Candidate candidate) {
        String message = error.message();
        if (candidate.csvFile() != null) {
            message = message.replace(candidate.csvFile().toString(), "the register map")
                    .replace(candidate.csvFile().getFileName().toString(), "the register map");
        }
        if (candidate.csvFile() != null && error.file() != null
                && error.file().toAbsolutePath().normalize().equals(candidate.csvFile().toAbsolutePath().normalize())) {
            Matcher column = CSV_COLUMN.matcher(error.field());
            String name = !column.matches() ? "" : column.group(1) != null ? column.group(1) : column.group(2);
            return new Problem("points", error.line(), name, message);
        }
        Matcher device = DEVICE_FIELD.matcher(error.field());
        if (device.matches() && Integer.parseInt(device.group(1)) == candidate.deviceIndex()) {
            String field = device.group(2) == null ? "" : device.group(2);
            if (field.startsWith("pointsCsv") || field.startsWith("points")) {
                return new Problem("points", 0, "", (field.startsWith("pointsCsv") ? "" : field + ": ") + message);
            }
            int dot = field.indexOf('.');
            return new Problem(dot < 0 ? field : field.substring(0, dot), 0, "", message);
        }
        if (error.field().startsWith("uplink")) {
            int bracket = error.field().indexOf('[');
            return new Problem(bracket < 0 ? error.field() : error.field().substring(0, bracket), 0, "", message);
        }
        return new Problem("", 0, "", error.field().isEmpty() ? message : error.field() + ": " + message);
    }

    /** The running profile for the forms: every device with its points as a register map. */
    ProfileView view() throws IOException {
        Map<String, Object> tree = tree();
        String gatewayId = tree.get("gateway") instanceof Map<?, ?> g ? String.valueOf(g.get("id")) : "";
        List<DeviceView> devices = new ArrayList<>();
        for (Object item : devices(tree)) {
            Map<String, Object> d = asMap(item);
            Map<String, String> settings = new LinkedHashMap<>();
            if (d.get("settings") instanceof Map<?, ?> s) {
                s.forEach((k, v) -> settings.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            }
            String points;
            if (d.get("pointsCsv") != null) {
                points = readCsv(String.valueOf(d.get("pointsCsv")));
            } else {
                points = csv(d.get("points") instanceof List<?> list ? list : List.of());
            }
            devices.add(new DeviceView(text(d.get("id")), text(d.get("driver")), text(d.get("interval")), settings,
                    points));
        }
        Map<String, String> uplink = new LinkedHashMap<>();
        if (tree.get("uplink") instanceof Map<?, ?> u) {
            // Only plain values: tls and failover stay as the profile has them. Secrets are files here.
            u.forEach((k, v) -> {
                if (!(v instanceof Map) && !(v instanceof List)) {
                    uplink.put(String.valueOf(k), text(v));
                }
            });
        }
        return new ProfileView(gatewayId, devices, uplink);
    }

    private String readCsv(String name) {
        try {
            return Files.readString(profile.resolveSibling(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Inline points as a register map (tags have no column and are not shown). */
    static String csv(List<?> points) {
        Set<String> used = new LinkedHashSet<>();
        for (String column : CSV_COLUMNS) {
            for (Object p : points) {
                if (p instanceof Map<?, ?> m && m.get(column) != null) {
                    used.add(column);
                }
            }
        }
        StringBuilder out = new StringBuilder(String.join(",", used)).append('\n');
        for (Object p : points) {
            Map<?, ?> m = p instanceof Map<?, ?> map ? map : Map.of();
            List<String> cells = new ArrayList<>();
            for (String column : used) {
                cells.add(quote(text(m.get(column))));
            }
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }

    private Map<String, Object> tree() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object loaded = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()),
                new DumperOptions(), options, new TextResolver()).load(Files.readString(profile, StandardCharsets.UTF_8));
        if (!(loaded instanceof Map<?, ?>)) {
            throw new IOException("the running profile " + profile + " is not a YAML mapping");
        }
        return asMap(loaded);
    }

    private static List<Object> devices(Map<String, Object> tree) {
        Object devices = tree.get("devices");
        List<Object> list = devices instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        tree.put("devices", list);
        return list;
    }

    private static int indexOf(List<Object> devices, String id) {
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) instanceof Map<?, ?> m && id.equals(text(m.get("id")))) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return new LinkedHashMap<>((Map<String, Object>) o);
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    /** A whole number as a number, so the file reads {@code port: 1883}, not {@code port: '1883'}; the loader reads either. */
    private static Object scalar(String text) {
        try {
            long n = Long.parseLong(text);
            return String.valueOf(n).equals(text) ? (Object) n : text;
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String dump(Map<String, Object> tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(200);
        options.setSplitLines(false);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options,
                new LoaderOptions(), new TextResolver()).dump(tree);
    }

    /**
     * Resolves plain scalars to null and booleans only. With YAML's usual rules a round trip through
     * Java objects rewrites what the installer wrote: {@code id: 0012} became {@code 10} (octal),
     * {@code interval: 1:30} became {@code 90} (base 60), {@code unitId: 0x10} became {@code 16}. Kept as
     * text, every value the edit does not touch is written back as it was (the loader reads text anyway),
     * and the same rules on the way out write such text unquoted.
     */
    private static final class TextResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
