package io.tidegate.cli.provision;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A site profile template: YAML text with {@code {{name}}} placeholders. {@code {{devices}}}
 * stands alone on its line and becomes the device list; the others are single values. A
 * placeholder the template names but provisioning does not know is an error with its line, never
 * left in the output.
 */
public final class ProfileTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z.]+)\\s*}}");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./:@-]*");

    private final String name;
    private final String text;

    public ProfileTemplate(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** The template shipped with Tidegate: one gateway, its devices, a Sparkplug uplink, the console. */
    public static ProfileTemplate builtIn() {
        try (InputStream in = ProfileTemplate.class.getResourceAsStream("site-template.yaml")) {
            return new ProfileTemplate("built-in template", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fills the template.
     *
     * @param values     the single values by placeholder name (gateway.id, uplink.host, ...)
     * @param devices    the devices, in order
     * @param csvName    where each device's register map is named in the profile
     * @throws IllegalArgumentException naming the template's line of an unknown placeholder
     */
    public String render(Map<String, String> values, List<DeviceSpec> devices, Function<DeviceSpec, String> csvName) {
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        boolean devicesPlaced = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.trim().equals("{{devices}}")) {
                out.add(devicesBlock(devices, csvName, line.indexOf('{')));
                devicesPlaced = true;
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(line);
            StringBuilder filled = new StringBuilder();
            while (m.find()) {
                String key = m.group(1);
                if (key.equals("devices")) {
                    throw new IllegalArgumentException(name + ":" + (i + 1) + ": {{devices}} must stand alone on its line");
                }
                String value = values.get(key);
                if (value == null) {
                    throw new IllegalArgumentException(name + ":" + (i + 1) + ": unknown placeholder {{" + key
                            + "}}; known: {{devices}}, " + values.keySet().stream().map(k -> "{{" + k + "}}")
                            .sorted().reduce((a, b) -> a + ", " + b).orElse(""));
                }
                m.appendReplacement(filled, Matcher.quoteReplacement(scalar(value)));
            }
            m.appendTail(filled);
            out.add(filled.toString());
        }
        if (!devicesPlaced) {
            throw new IllegalArgumentException(name + ": the template has no {{devices}} line under devices:");
        }
        return String.join("\n", out);
    }

    private static String devicesBlock(List<DeviceSpec> devices, Function<DeviceSpec, String> csvName, int indent) {
        String pad = " ".repeat(Math.max(0, indent));
        if (devices.isEmpty()) {
            return pad + "[]";
        }
        StringBuilder b = new StringBuilder();
        for (DeviceSpec d : devices) {
            b.append(pad).append("- id: ").append(scalar(d.id())).append('\n');
            b.append(pad).append("  driver: ").append(scalar(d.driver())).append('\n');
            if (d.interval() != null) {
                b.append(pad).append("  interval: ").append(scalar(d.interval())).append('\n');
            }
            if (!d.settings().isEmpty()) {
                b.append(pad).append("  settings:\n");
                d.settings().forEach((k, v) -> b.append(pad).append("    ").append(scalar(k)).append(": ")
                        .append(scalar(v)).append('\n'));
            }
            b.append(pad).append("  pointsCsv: ").append(scalar(csvName.apply(d))).append('\n');
        }
        return b.toString().stripTrailing();
    }

    /** A value as a YAML scalar: plain when that is unambiguous, double-quoted otherwise. */
    static String scalar(String value) {
        if (PLAIN.matcher(value).matches() && !value.contains(": ") && !value.endsWith(":")) {
            return value;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
