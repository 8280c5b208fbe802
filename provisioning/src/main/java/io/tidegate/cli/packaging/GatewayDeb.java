package io.tidegate.cli.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the tidegate .deb installs: the bundle set and the OSGi frameworks under
 * /usr/share/tidegate, the launcher and CLI classpath in /usr/share/tidegate/lib, the
 * {@code tidegate} command, the systemd unit, the hardware watchdog setting for systemd, and the
 * maintainer scripts that create the dedicated {@code tidegate} user.
 */
public final class GatewayDeb {
    public static final String PREFIX = "/usr/share/tidegate";
    public static final String UNIT = "/usr/lib/systemd/system/tidegate.service";
    public static final String WATCHDOG = "/usr/lib/systemd/system.conf.d/tidegate-watchdog.conf";
    private static final Pattern DEBIAN_VERSION = Pattern.compile("[0-9][A-Za-z0-9.+~-]*");

    private GatewayDeb() {
    }

    /**
     * Lays out the package.
     *
     * @param home       the runtime's home: bundles/ and frameworks/{felix,equinox}/
     * @param lib        the JARs of the launcher and the CLI
     * @param version    the Debian version, e.g. 0.1.0~SNAPSHOT
     * @param maintainer the Maintainer field, "Name <email>"
     * @throws IOException when the home or a JAR is missing
     */
    public static DebArchive build(Path home, List<Path> lib, String version, String maintainer, long mtime)
            throws IOException {
        if (!DEBIAN_VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("'" + version + "' is not a Debian version: it starts with a digit and"
                    + " holds only letters, digits and . + ~ -");
        }
        DebArchive deb = new DebArchive(mtime)
                .field("Package", "tidegate")
                .field("Version", version)
                .field("Architecture", "all")
                .field("Maintainer", maintainer)
                .field("Section", "net")
                .field("Priority", "optional")
                // passwd: useradd in postinst; systemd: systemd-notify for the service watchdog
                .field("Depends", "java17-runtime-headless | openjdk-17-jre-headless, passwd")
                .field("Recommends", "systemd")
                .field("Description", "Tidegate edge gateway: field devices to a durable queue to MQTT\n"
                        + " Reads Modbus, OPC UA and simulated devices, commits every reading to a SQLite\n"
                        + " queue on the gateway and forwards it upstream as Sparkplug B over MQTT, through\n"
                        + " outages. Runs as the tidegate system user under systemd, with a service\n"
                        + " watchdog and the board's hardware watchdog where there is one.");

        for (Path jar : jars(home.resolve("bundles"), "the bundle set")) {
            deb.file(PREFIX + "/bundles/" + jar.getFileName(), 0644, jar);
        }
        for (String framework : List.of("felix", "equinox")) {
            for (Path jar : jars(home.resolve("frameworks").resolve(framework), "the " + framework + " framework")) {
                deb.file(PREFIX + "/frameworks/" + framework + "/" + jar.getFileName(), 0644, jar);
            }
        }
        for (Path jar : lib) {
            if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
                throw new IOException("the launcher's class path must be JAR files; " + jar + " is not one"
                        + " (build with `mvn package -pl provisioning -am` and run ./tidegate)");
            }
            deb.file(PREFIX + "/lib/" + jar.getFileName(), 0644, jar);
        }
        deb.file("/usr/bin/tidegate", 0755, resource("tidegate.sh"));
        deb.file(UNIT, 0644, resource("tidegate.service"));
        deb.file(WATCHDOG, 0644, resource("watchdog.conf"));
        deb.conffile("/etc/default/tidegate", resource("default"));
        deb.script("postinst", resource("postinst"));
        deb.script("prerm", resource("prerm"));
        deb.script("postrm", resource("postrm"));
        return deb;
    }

    /** The Debian form of an OSGi or Maven version: 0.1.0.SNAPSHOT and 0.1.0-SNAPSHOT become 0.1.0~SNAPSHOT. */
    public static String debianVersion(String version) {
        return version.replaceFirst("^(\\d+(\\.\\d+){0,2})[.-]([A-Za-z].*)$", "$1~$3");
    }

    static byte[] resource(String name) {
        try (InputStream in = GatewayDeb.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> jars(Path folder, String what) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(what + " is missing: no folder " + folder
                    + " (build it with `mvn package -pl provisioning -am`, or give --home)");
        }
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
        if (jars.isEmpty()) {
            throw new IOException(what + " is missing: no JAR in " + folder);
        }
        return jars;
    }
}
