package io.tidegate.engine.profile;

import io.tidegate.api.Device;
import io.tidegate.api.Point;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates a site profile. Every problem found is reported, each once, with its file,
 * line and field; a profile is either fully valid or rejected.
 *
 * <pre>{@code
 * try {
 *     SiteProfile site = ProfileLoader.load(Path.of("site.yaml"));
 * } catch (ProfileException e) {
 *     e.errors().forEach(System.err::println);   // site.yaml:12:7: devices[0].points[3].type: ...
 * }
 * }</pre>
 */
public final class ProfileLoader {

    static final List<String> TOP_KEYS = List.of("gateway", "devices", "uplink", "store", "console");
    static final List<String> GATEWAY_KEYS = List.of("id", "group");
    static final List<String> DEVICE_KEYS = List.of("id", "driver", "interval", "settings", "points", "pointsCsv");
    static final List<String> POINT_KEYS = List.of("id", "area", "address", "type", "order", "unit", "access", "min",
            "max", "scale", "offset", "interval", "group", "description", "tags");
    static final List<String> UPLINK_KEYS = List.of("type", "host", "port", "clientId", "keepAlive", "username",
            "passwordFile", "tls", "primaryHostId", "failover", "mqttVersion");
    static final List<String> TLS_KEYS = List.of("caFile", "certFile", "keyFile", "keyPasswordFile", "verifyHostname");

    /** The poll interval of a device that does not set one. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    private static final String NO_PASSWORDS = "a password is never written in a profile: put it in a file that"
            + " only the gateway can read and give that file's path as passwordFile";
    private static final Map<String, String> UPLINK_REFUSED = Map.of("password", NO_PASSWORDS);
    private static final Map<String, String> TLS_REFUSED = Map.of("password", NO_PASSWORDS.replace("passwordFile",
            "keyPasswordFile"), "keypassword", NO_PASSWORDS.replace("passwordFile", "keyPasswordFile"));
    private static final int MAX_KEEP_ALIVE_SECONDS = 65_535;
    /** host, [ipv6] or host:port / [ipv6]:port; a bare IPv6 address (colons, no brackets) is refused. */
    private static final Pattern FAILOVER_HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^\\s:/\\[\\]]+)(:(\\d{1,5}))?");
    private static final Pattern CANNOT_START =
            Pattern.compile("found character '(.+?)' that cannot start any token");

    private ProfileLoader() {
    }

    /**
     * Reads and validates a profile file; CSV register maps and the password file are found relative
     * to its folder.
     *
     * @throws ProfileException listing every problem, including a missing or unreadable file
     */
    public static SiteProfile load(Path file) throws ProfileException {
        Objects.requireNonNull(file, "file");
        Problems problems = new Problems();
        if (!Files.exists(file)) {
            problems.add(file, 0, 0, "", "no such file (looked for " + file.toAbsolutePath().normalize() + ")");
        } else if (!Files.isRegularFile(file)) {
            problems.add(file, 0, 0, "", "not a file; give the path of the profile's .yaml file");
        } else {
            try {
                return load(CsvRegisterMap.decodeUtf8(Files.readAllBytes(file)), file);
            } catch (CharacterCodingException e) {
                problems.add(file, 0, 0, "", "the file is not UTF-8 text; save it as UTF-8");
            } catch (IOException e) {
                problems.add(file, 0, 0, "", "cannot read the file: " + e);
            }
        }
        problems.throwIfAny();
        throw new AssertionError("unreachable");
    }

    /**
     * Reads and validates profile text as if it had been read from {@code file} (which need not
     * exist); CSV register maps are still read from {@code file}'s folder.
     *
     * @throws ProfileException listing every problem
     */
    public static SiteProfile load(String yamlText, Path file) throws ProfileException {
        Objects.requireNonNull(yamlText, "yamlText");
        Objects.requireNonNull(file, "file");
        return new Walk(file).run(yamlText);
    }

    /** One load: the errors found so far and the ids already taken. */
    private static final class Walk {
        private final Path file;
        private final Problems problems = new Problems();
        private final PointRules pointRules = new PointRules(problems);
        private final Map<String, Where> deviceIds = new HashMap<>();

        Walk(Path file) {
            this.file = file;
        }

        SiteProfile run(String text) throws ProfileException {
            Node root = compose(text);
            problems.throwIfAny();
            if (root == null) {
                problems.add(file, 0, 0, "", "the profile is empty; it needs gateway:, devices: and uplink:");
                problems.throwIfAny();
            }
            YamlMap top = YamlMap.of(problems, file, root, "", null, TOP_KEYS, Map.of());
            if (top == null) {
                problems.throwIfAny();
            }
            GatewayConfig gateway = gateway(top);
            List<Device> devices = devices(top);
            UplinkConfig uplink = uplink(top, gateway);
            StoreConfig store = StoreSection.read(top, problems, file);
            ConsoleConfig console = ConsoleSection.read(top, problems, file);
            problems.throwIfAny();
            return new SiteProfile(file, gateway, devices, uplink, store, console);
        }

        private Node compose(String text) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            options.setNestingDepthLimit(50);
            options.setAllowRecursiveKeys(false);
            DumperOptions dumperOptions = new DumperOptions();
            Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumperOptions), dumperOptions,
                    options);
            try {
                return yaml.compose(new StringReader(text));
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                problems.add(file, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                        "", syntaxMessage(e));
            } catch (YAMLException e) {
                problems.add(file, 0, 0, "", "YAML syntax error: " + e.getMessage());
            }
            return null;
        }

        private static String syntaxMessage(MarkedYAMLException e) {
            String problem = e.getProblem() == null ? "unreadable YAML" : e.getProblem().trim();
            Matcher token = CANNOT_START.matcher(problem);
            if (token.find() && !token.group(1).startsWith("\\t")) {
                // SnakeYAML adds "(Do not use % for indentation)", which misleads for a value like %.
                return "YAML syntax error: found character '" + token.group(1) + "' that cannot start a value;"
                        + " put the value in quotes, e.g. \"" + token.group(1) + "\"";
            }
            String hint = "";
            if (problem.startsWith("mapping values are not allowed")) {
                hint = " (check the indentation, or put a value that contains ': ' in quotes)";
            }
            return "YAML syntax error: " + problem + hint;
        }

        // ---- sections ----------------------------------------------------------------------------

        /** A required top-level section, or null when missing or unusable (reported). */
        private YamlMap section(YamlMap top, String key, List<String> allowed, Map<String, String> refused,
                                String what) {
            if (!top.has(key)) {
                if (!top.explained(key)) {
                    problems.add(top.where(key), "required section is missing; it needs " + what);
                }
                return null;
            }
            Node n = top.node(key);
            if (n == null) {
                problems.add(top.where(key), "the section is empty; it needs " + what);
                return null;
            }
            return YamlMap.of(problems, file, n, key, top.keyNode(key), allowed, refused);
        }

        private GatewayConfig gateway(YamlMap top) {
            YamlMap g = section(top, "gateway", GATEWAY_KEYS, Map.of(), "id and group");
            if (g == null) {
                return null;
            }
            int before = problems.count();
            String id = sparkplugId(g, "id", "gateway id", "the Sparkplug edge node id, e.g. station-01");
            String group = sparkplugId(g, "group", "group id", "the Sparkplug group id, e.g. water-north");
            return problems.count() == before ? new GatewayConfig(id, group) : null;
        }

        private String sparkplugId(YamlMap m, String key, String what, String help) {
            String value = m.required(key, help);
            if (value == null) {
                return null;
            }
            String bad = Checks.sparkplugId(value, what);
            if (bad != null) {
                problems.add(m.where(key), bad);
                return null;
            }
            return value;
        }

        private List<Device> devices(YamlMap top) {
            List<Device> devices = new ArrayList<>();
            if (!top.has("devices")) {
                if (!top.explained("devices")) {
                    problems.add(top.where("devices"), "required section is missing; list at least one device");
                }
                return devices;
            }
            SequenceNode seq = top.sequence("devices");
            if (seq == null) {
                if (top.node("devices") == null) {
                    problems.add(top.where("devices"), "the list is empty; list at least one device");
                }
                return devices;
            }
            if (seq.getValue().isEmpty()) {
                problems.add(top.where("devices"), "the list is empty; list at least one device");
            }
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String path = "devices[" + i + "]";
                if (YamlMap.isNull(item)) {
                    problems.add(new Where(file, YamlMap.line(item), item.getStartMark().getColumn() + 1, path),
                            "empty list item; a device needs at least id, driver and points");
                    continue;
                }
                YamlMap d = YamlMap.of(problems, file, item, path, item, DEVICE_KEYS, Map.of());
                if (d != null) {
                    Device device = device(d);
                    if (device != null) {
                        devices.add(device);
                    }
                }
            }
            return devices;
        }

        private Device device(YamlMap d) {
            int before = problems.count();

            String id = d.required("id", "a device id, unique in the site, e.g. station");
            if (id != null) {
                String bad = Checks.deviceId(id);
                if (bad != null) {
                    problems.add(d.where("id"), bad);
                } else {
                    Where first = deviceIds.putIfAbsent(id, d.where("id"));
                    if (first != null) {
                        problems.add(d.where("id"), "duplicate device id '" + id + "': it is already used at "
                                + first.mention(file) + "; device ids must be unique");
                    }
                }
            }

            String driver = d.required("driver", "the driver that talks to it; known drivers: "
                    + String.join(", ", KnownDrivers.NAMES));
            if (driver != null && !KnownDrivers.isKnown(driver)) {
                problems.add(d.where("driver"), "unknown driver '" + driver + "'; known drivers: "
                        + String.join(", ", KnownDrivers.NAMES));
            }

            Duration interval = DEFAULT_INTERVAL;
            String intervalText = d.text("interval");
            if (intervalText != null) {
                try {
                    interval = Durations.parse(intervalText);
                } catch (IllegalArgumentException e) {
                    problems.add(d.where("interval"), e.getMessage());
                }
            }

            Map<String, String> settings = freeMap(d, "settings", true);
            // Files named in settings (an OPC UA passwordFile, say) are relative to the profile's folder,
            // like the uplink's passwordFile, not to wherever the gateway was started.
            for (String key : KnownDrivers.fileSettings(driver)) {
                String value = settings.get(key);
                if (value != null && !value.isBlank()) {
                    try {
                        settings.put(key, file.resolveSibling(value.trim()).normalize().toString());
                    } catch (InvalidPathException e) {
                        problems.add(d.where("settings"), "settings." + key + ": '" + value
                                + "' is not a valid file path: " + e.getReason());
                    }
                }
            }
            if (driver != null && KnownDrivers.isKnown(driver)) {
                String bad = KnownDrivers.settingsProblem(driver, settings);
                if (bad != null) {
                    problems.add(d.where("settings"), bad);
                }
            }
            PointRules.AddressCheck addressCheck = driver == null ? PointRules.AddressCheck.NONE
                    : (address, type, writable) -> KnownDrivers.addressProblem(driver, settings, address, type,
                            writable);

            String deviceId = id == null ? "" : id;
            List<Point> points = new ArrayList<>();
            SequenceNode inline = d.sequence("points");
            if (inline != null) {
                List<Node> items = inline.getValue();
                for (int j = 0; j < items.size(); j++) {
                    Node item = items.get(j);
                    String path = d.field("points") + "[" + j + "]";
                    if (YamlMap.isNull(item)) {
                        problems.add(new Where(file, YamlMap.line(item), item.getStartMark().getColumn() + 1, path),
                                "empty list item; a point needs at least id, address and type");
                        continue;
                    }
                    YamlMap pm = YamlMap.of(problems, file, item, path, item, POINT_KEYS, Map.of());
                    if (pm != null) {
                        Point p = point(pm, deviceId, interval, addressCheck);
                        if (p != null) {
                            points.add(p);
                        }
                    }
                }
            }
            boolean hasInline = inline != null && !inline.getValue().isEmpty();

            boolean csvGiven = d.has("pointsCsv") || d.explained("pointsCsv");
            if (d.has("pointsCsv")) {
                String csvText = d.text("pointsCsv");
                if (csvText == null && d.node("pointsCsv") == null) {
                    problems.add(d.where("pointsCsv"), "empty; give the CSV register map's file name, relative to"
                            + " the profile's folder");
                } else if (csvText != null) {
                    csvPoints(d, csvText, deviceId, interval, hasInline, points, addressCheck);
                }
            }

            boolean pointsBroken = d.node("points") != null && inline == null; // not a list: reported
            if (!hasInline && !csvGiven && !pointsBroken && !d.explained("points")) {
                Where at = d.has("points") ? d.where("points") : d.at(d.anchor(), d.path());
                problems.add(at, "device " + (id == null ? "" : "'" + id + "' ") + "has no points: list them under"
                        + " points: or name a CSV register map with pointsCsv:");
            }

            if (problems.count() != before) {
                return null;
            }
            return new Device(id, driver, settings, points);
        }

        private void csvPoints(YamlMap d, String csvText, String deviceId, Duration interval, boolean hasInline,
                               List<Point> points, PointRules.AddressCheck addressCheck) {
            Where at = d.where("pointsCsv");
            if (csvText.isBlank()) {
                problems.add(at, "empty; give the CSV register map's file name, relative to the profile's folder");
                return;
            }
            Path csv;
            try {
                csv = file.resolveSibling(csvText.trim()).normalize();
            } catch (InvalidPathException e) {
                problems.add(at, "'" + csvText + "' is not a valid file path: " + e.getReason());
                return;
            }
            if (!Files.exists(csv)) {
                problems.add(at, "file '" + csvText + "' not found (looked for " + csv.toAbsolutePath().normalize()
                        + "); the path is relative to the profile's folder");
                return;
            }
            if (!Files.isRegularFile(csv)) {
                problems.add(at, "'" + csvText + "' is not a file");
                return;
            }
            CsvRegisterMap.Result result = CsvRegisterMap.read(csv, problems);
            if (result == null) {
                return;
            }
            for (CsvRegisterMap.Row row : result.rows()) {
                int before = problems.count();
                Point p = pointRules.check(row.fields(), row.complete(), Map.of(), deviceId, interval, addressCheck);
                if (p != null && problems.count() == before) {
                    points.add(p);
                }
            }
            if (result.rows().isEmpty() && !hasInline) {
                problems.add(csv, result.headerLine(), 0, "", "the register map has a header but no point rows");
            }
        }

        private Point point(YamlMap pm, String deviceId, Duration deviceInterval,
                            PointRules.AddressCheck addressCheck) {
            int before = problems.count();
            Map<String, PointRules.Field> fields = new LinkedHashMap<>();
            boolean complete = true;
            for (String name : PointRules.FIELDS) {
                String text = PointRules.REQUIRED.contains(name)
                        ? pm.required(name, PointRules.whatIs(name))
                        : pm.text(name);
                if (text == null || text.isBlank()) {
                    complete &= !PointRules.REQUIRED.contains(name);
                    continue;
                }
                fields.put(name, new PointRules.Field(text, pm.where(name)));
            }
            Map<String, String> tags = freeMap(pm, "tags", false);
            Point p = pointRules.check(fields, complete, tags, deviceId, deviceInterval, addressCheck);
            return problems.count() == before ? p : null;
        }

        /**
         * A mapping of free names to single values (settings, tags).
         *
         * @param canonicalBooleans write YAML booleans (yes, on, True) as {@code true}/{@code false}
         */
        private Map<String, String> freeMap(YamlMap owner, String key, boolean canonicalBooleans) {
            Map<String, String> out = new LinkedHashMap<>();
            Node n = owner.node(key);
            if (n == null) {
                return out;
            }
            String path = owner.field(key);
            if (!(n instanceof MappingNode mapping)) {
                problems.add(owner.where(key), "expected names and values (a mapping), found " + YamlMap.describe(n));
                return out;
            }
            Map<String, Integer> lines = new HashMap<>();
            for (NodeTuple t : mapping.getValue()) {
                Node k = t.getKeyNode();
                if (!(k instanceof ScalarNode sk) || YamlMap.isNull(k) || sk.getValue().isBlank()) {
                    problems.add(owner.at(k, path), "a name must be a plain word, found " + YamlMap.describe(k));
                    continue;
                }
                String name = sk.getValue();
                String field = path + "." + name;
                if (lines.containsKey(name)) {
                    problems.add(owner.at(k, field), "duplicate key '" + name + "': it is already given at line "
                            + lines.get(name) + "; give each key once");
                    continue;
                }
                lines.put(name, YamlMap.line(k));
                if (canonicalBooleans && name.toLowerCase(Locale.ROOT).equals("password")) {
                    problems.add(owner.at(k, field), NO_PASSWORDS.replace("passwordFile", "a passwordFile setting"));
                    continue;
                }
                Node v = t.getValueNode();
                if (YamlMap.isNull(v)) {
                    problems.add(owner.at(k, field), "'" + name + "' has no value");
                } else if (v instanceof ScalarNode sv) {
                    String value = sv.getValue();
                    if (canonicalBooleans && Tag.BOOL.equals(v.getTag())) {
                        value = String.valueOf(switch (value.toLowerCase(Locale.ROOT)) {
                            case "yes", "true", "on" -> true;
                            default -> false;
                        });
                    }
                    out.put(name, value);
                } else {
                    problems.add(owner.at(v, field), "expected a single value, found " + YamlMap.describe(v));
                }
            }
            return out;
        }

        private UplinkConfig uplink(YamlMap top, GatewayConfig gateway) {
            YamlMap u = section(top, "uplink", UPLINK_KEYS, UPLINK_REFUSED,
                    "at least host (the MQTT broker), e.g. host: 127.0.0.1");
            if (u == null) {
                return null;
            }
            int before = problems.count();

            String type = UplinkConfig.SPARKPLUG;
            String typeText = u.text("type");
            if (typeText != null) {
                if (typeText.trim().equalsIgnoreCase(UplinkConfig.SPARKPLUG)) {
                    type = UplinkConfig.SPARKPLUG;
                } else if (typeText.trim().equalsIgnoreCase(UplinkConfig.JSON)) {
                    type = UplinkConfig.JSON;
                } else {
                    problems.add(u.where("type"), "unknown uplink type '" + typeText + "'; allowed: "
                            + UplinkConfig.SPARKPLUG + " (Sparkplug B), " + UplinkConfig.JSON
                            + " (plain JSON, no commands)");
                }
            }

            String host = u.required("host", "the MQTT broker's host name or address, e.g. host: 127.0.0.1");
            if (host != null) {
                host = host.trim();
                if (host.contains("://") || host.chars().anyMatch(Character::isWhitespace)) {
                    problems.add(u.where("host"), "'" + host + "' is not a host: give the name or address only,"
                            + " e.g. broker.example.com; the port goes in port:");
                }
            }

            int port = UplinkConfig.DEFAULT_PORT;
            String portText = u.text("port");
            if (portText != null) {
                String p = portText.trim();
                if (p.matches("\\d{1,5}") && Integer.parseInt(p) >= 1 && Integer.parseInt(p) <= 65_535) {
                    port = Integer.parseInt(p);
                } else {
                    problems.add(u.where("port"), "'" + p + "' is not a port; use a number from 1 to 65535");
                }
            }

            String clientId = optionalText(u, "clientId");
            if (clientId == null && gateway != null) {
                clientId = gateway.id();
            }

            Duration keepAlive = UplinkConfig.DEFAULT_KEEP_ALIVE;
            String keepAliveText = u.text("keepAlive");
            if (keepAliveText != null) {
                try {
                    keepAlive = Durations.parse(keepAliveText);
                    if (keepAlive.toNanos() % 1_000_000_000L != 0) {
                        problems.add(u.where("keepAlive"), "MQTT counts keep-alive in whole seconds; write e.g. 30s");
                    } else if (keepAlive.getSeconds() > MAX_KEEP_ALIVE_SECONDS) {
                        problems.add(u.where("keepAlive"), "MQTT allows a keep-alive of at most 65535s");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(u.where("keepAlive"), e.getMessage());
                }
            }

            String username = optionalText(u, "username");

            Path passwordFile = secretFile(u, "passwordFile", "MQTT password file");

            UplinkConfig.TlsConfig tls = u.has("tls") ? tls(u) : null;
            if (tls != null && portText == null) {
                port = UplinkConfig.DEFAULT_TLS_PORT;
            }

            List<String> failover = failover(u);

            String primaryHostId = null;
            if (u.has("primaryHostId")) {
                primaryHostId = sparkplugId(u, "primaryHostId", "primary host id",
                        "the Sparkplug host application's id, e.g. scada-main");
            }

            String mqttVersion = mqttVersion(u);

            if (problems.count() != before || host == null || clientId == null) {
                return null;
            }
            return new UplinkConfig(type, host, port, clientId, keepAlive, username, passwordFile, tls, primaryHostId,
                    failover, mqttVersion);
        }

        /** {@code uplink.mqttVersion}: 3.1.1 (the default) or 5. */
        private String mqttVersion(YamlMap u) {
            String text = u.text("mqttVersion");
            if (text == null) {
                return UplinkConfig.MQTT_3_1_1;
            }
            String version = text.trim();
            if (version.equals("3.1.1") || version.equals("3")) {
                return UplinkConfig.MQTT_3_1_1;
            }
            if (version.equals("5") || version.equals("5.0")) {
                return UplinkConfig.MQTT_5;
            }
            problems.add(u.where("mqttVersion"), "unknown MQTT version '" + version + "'; allowed: 3.1.1 (the "
                    + "default) or 5");
            return null;
        }

        /** {@code uplink.failover}: a list of {@code host} or {@code host:port} (IPv6 in brackets). */
        private List<String> failover(YamlMap u) {
            List<String> hosts = new ArrayList<>();
            SequenceNode list = u.sequence("failover");
            if (list == null) {
                return hosts;
            }
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                Where at = new Where(file, YamlMap.line(item), item.getStartMark().getColumn() + 1,
                        u.field("failover") + "[" + i + "]");
                String text = item instanceof ScalarNode scalar ? scalar.getValue().trim() : null;
                if (text == null || text.isEmpty()) {
                    problems.add(at, "expected a broker as host or host:port, found " + YamlMap.describe(item));
                    continue;
                }
                Matcher m = FAILOVER_HOST.matcher(text);
                if (!m.matches()) {
                    problems.add(at, "'" + text + "' is not a broker: give host or host:port, e.g."
                            + " broker2.example.com:8883 (an IPv6 address in brackets: [fd00::2]:8883)");
                    continue;
                }
                if (m.group(3) != null && (Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65_535)) {
                    problems.add(at, "'" + m.group(3) + "' is not a port; use a number from 1 to 65535");
                    continue;
                }
                hosts.add(text);
            }
            return hosts;
        }

        /** The {@code uplink.tls} section; {@code tls: {}} (or an empty {@code tls:}) means the system trust store. */
        private UplinkConfig.TlsConfig tls(YamlMap u) {
            YamlMap t = YamlMap.of(problems, file, u.node("tls"), u.field("tls"), u.keyNode("tls"), TLS_KEYS,
                    TLS_REFUSED);
            if (t == null) {
                return null;
            }
            int before = problems.count();
            Path caFile = existingFile(t, "caFile");
            Path certFile = existingFile(t, "certFile");
            Path keyFile = secretFile(t, "keyFile", "client key file");
            Path keyPasswordFile = secretFile(t, "keyPasswordFile", "key password file");
            boolean pkcs12 = keyFile != null && keyFile.getFileName().toString().toLowerCase(Locale.ROOT)
                    .matches(".*\\.(p12|pfx)");
            if (keyFile != null && !pkcs12 && certFile == null && !t.has("certFile")) {
                problems.add(t.where("keyFile"), "a PEM client key needs its certificate: add certFile (or give a"
                        + " PKCS#12 bundle ending in .p12 or .pfx as keyFile)");
            }
            if (certFile != null && keyFile == null && !t.has("keyFile")) {
                problems.add(t.where("certFile"), "a client certificate needs its private key: add keyFile");
            }
            if (certFile != null && pkcs12) {
                problems.add(t.where("certFile"), "the PKCS#12 bundle given as keyFile holds the certificate"
                        + " already: leave certFile out");
            }
            if (keyPasswordFile != null && keyFile != null && !pkcs12) {
                problems.add(t.where("keyPasswordFile"), "only a PKCS#12 keyFile (.p12/.pfx) has a password;"
                        + " a PEM key must be unencrypted PKCS#8");
            }
            boolean verifyHostname = true;
            String verifyText = t.text("verifyHostname");
            if (verifyText != null) {
                switch (verifyText.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on" -> verifyHostname = true;
                    case "false", "no", "off" -> verifyHostname = false;
                    default -> problems.add(t.where("verifyHostname"), "'" + verifyText
                            + "' is not true or false; hostname verification is on unless set to false");
                }
            }
            return problems.count() == before
                    ? new UplinkConfig.TlsConfig(caFile, certFile, keyFile, keyPasswordFile, verifyHostname) : null;
        }

        /** An optional file next to the profile that must exist; null when absent or wrong (reported). */
        private Path existingFile(YamlMap m, String key) {
            String text = optionalText(m, key);
            if (text == null) {
                return null;
            }
            Path path;
            try {
                path = file.resolveSibling(text.trim()).normalize();
            } catch (InvalidPathException e) {
                problems.add(m.where(key), "'" + text + "' is not a valid file path: " + e.getReason());
                return null;
            }
            if (!Files.isRegularFile(path)) {
                problems.add(m.where(key), "file '" + text + "' not found (looked for " + path.toAbsolutePath()
                        + "); paths are relative to the profile's folder");
                return null;
            }
            if (!Files.isReadable(path)) {
                problems.add(m.where(key), "file '" + text + "' cannot be read by the gateway's user");
                return null;
            }
            return path;
        }

        /**
         * A file holding a secret (key, password): it must exist and be readable by its owner only.
         * One that group or others may read is refused, not just warned about: the secret is then
         * no secret, and a warning in a log nobody reads changes nothing.
         */
        private Path secretFile(YamlMap m, String key, String what) {
            Path path = existingFile(m, key);
            if (path == null) {
                return null;
            }
            String bad = SecretFilePermissions.problem(path, what);
            if (bad != null) {
                problems.add(m.where(key), bad);
                return null;
            }
            return path;
        }

        /** An optional text value: absent or null gives null, blank is an error. */
        private String optionalText(YamlMap m, String key) {
            String text = m.text(key);
            if (text != null && text.isBlank()) {
                problems.add(m.where(key), "blank; give a value or leave the key out");
                return null;
            }
            return text;
        }
    }
}
