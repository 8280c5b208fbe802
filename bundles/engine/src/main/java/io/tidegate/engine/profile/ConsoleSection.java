package io.tidegate.engine.profile;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the optional {@code console:} section of a profile; every key has a default. */
final class ConsoleSection {
    static final List<String> KEYS = List.of("port", "bind");
    /** A host name, an IPv4 address or a bracket-less IPv6 address: no scheme, no port, no spaces. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:%_-]+");

    private ConsoleSection() {
    }

    static ConsoleConfig read(YamlMap top, Problems problems, java.nio.file.Path file) {
        if (!top.has("console") || top.node("console") == null) {
            return ConsoleConfig.DEFAULT;
        }
        YamlMap c = YamlMap.of(problems, file, top.node("console"), "console", top.keyNode("console"), KEYS, Map.of());
        if (c == null) {
            return ConsoleConfig.DEFAULT;
        }
        int port = ConsoleConfig.DEFAULT_PORT;
        String portText = c.text("port");
        if (portText != null) {
            String p = portText.trim();
            if (p.matches("\\d{1,5}") && Integer.parseInt(p) <= 65_535) {
                port = Integer.parseInt(p);
            } else {
                problems.add(c.where("port"), "'" + p + "' is not a port; use a number from 1 to 65535,"
                        + " or 0 to turn the console off");
            }
        }
        String bind = ConsoleConfig.LOCAL_ONLY;
        String bindText = c.text("bind");
        if (bindText != null) {
            String b = bindText.trim();
            if (b.isEmpty() || b.contains("://") || !ADDRESS.matcher(b).matches()) {
                problems.add(c.where("bind"), "'" + b + "' is not an address to listen on; give an address only,"
                        + " e.g. 127.0.0.1 (this gateway only, the default), 0.0.0.0 (every interface) or the"
                        + " address of the installers' Ethernet port; the port goes in port:");
            } else {
                bind = b;
            }
        }
        return new ConsoleConfig(port, bind);
    }
}
