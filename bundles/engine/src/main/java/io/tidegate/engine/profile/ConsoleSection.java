package io.tidegate.engine.profile;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the optional {@code console:} section of a profile; every key has a default. */
final class ConsoleSection {
    static final List<String> KEYS = List.of("port", "bind", "https", "certFile", "keyFile");
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
        boolean https = false;
        String httpsText = c.text("https");
        if (httpsText != null) {
            String h = httpsText.trim();
            if (h.equals("true") || h.equals("false")) {
                https = Boolean.parseBoolean(h);
            } else {
                problems.add(c.where("https"), "'" + h + "' is not true or false");
            }
        }
        java.nio.file.Path cert = file(c, "certFile", file, problems);
        java.nio.file.Path key = file(c, "keyFile", file, problems);
        if (!https && (c.text("certFile") != null || c.text("keyFile") != null)) {
            problems.add(c.where(c.text("certFile") != null ? "certFile" : "keyFile"), "certificate files are for"
                    + " HTTPS: add https: true, or remove them");
            return new ConsoleConfig(port, bind);
        }
        if ((c.text("certFile") == null) != (c.text("keyFile") == null)) {
            problems.add(c.where(c.text("certFile") == null ? "keyFile" : "certFile"), "certFile and keyFile go"
                    + " together: the certificate (PEM) and its private key (PEM PKCS#8, mode 0600); leave both out"
                    + " for the gateway's own self-signed certificate");
            return new ConsoleConfig(port, bind, https, null, null);
        }
        if (key != null) {
            String bad = SecretFilePermissions.problem(key, "console key file");
            if (bad != null) {
                problems.add(c.where("keyFile"), bad);
            }
        }
        return cert == null || key == null ? new ConsoleConfig(port, bind, https, null, null)
                : new ConsoleConfig(port, bind, https, cert, key);
    }

    /** A file named relative to the profile's folder that must exist and be readable; null when absent or wrong. */
    private static java.nio.file.Path file(YamlMap c, String key, java.nio.file.Path profile, Problems problems) {
        String text = c.text(key);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            problems.add(c.where(key), "blank; give a file or leave the key out");
            return null;
        }
        java.nio.file.Path path = profile.resolveSibling(text.trim()).normalize();
        if (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isReadable(path)) {
            problems.add(c.where(key), "file '" + text.trim() + "' not found or not readable (looked for "
                    + path.toAbsolutePath() + "); paths are relative to the profile's folder");
            return null;
        }
        return path;
    }
}
