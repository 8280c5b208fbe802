package io.tidegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.cli.packaging.BundleJar;
import io.tidegate.runtime.LaunchOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;
import picocli.CommandLine;

/**
 * Builds both packages from the runtime's real bundle set (bundles/runtime/target) and reads them
 * back. The .deb is read with Commons Compress here; hardware-tests checks it with dpkg itself.
 */
class PackageCommandTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();
    private final ByteArrayOutputStream out = streams.out;
    private final ByteArrayOutputStream err = streams.err;

    private static List<BundleJar> bundleSet() throws Exception {
        List<BundleJar> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(LaunchOptions.defaultHome().resolve("bundles"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                all.add(BundleJar.read(p));
            }
        }
        assertFalse(all.isEmpty(), "the runtime's bundle set is built");
        return all;
    }

    @Test
    void theDeploymentPackageListsEveryBundleInItsManifestInStreamOrder() throws Exception {
        assertEquals(0, new CommandLine(new TidegateCommand()).execute("package", "--dp", "-o", dir.toString()),
                err.toString(StandardCharsets.UTF_8));
        Path dp;
        try (Stream<Path> files = Files.list(dir)) {
            dp = files.filter(f -> f.toString().endsWith(".dp")).findFirst().orElseThrow();
        }

        try (JarInputStream in = new JarInputStream(Files.newInputStream(dp))) {
            Manifest manifest = in.getManifest();
            assertNotNull(manifest, "META-INF/MANIFEST.MF is the first entry");
            Attributes main = manifest.getMainAttributes();
            assertEquals("io.tidegate", main.getValue("DeploymentPackage-SymbolicName"));
            Version.parseVersion(main.getValue("DeploymentPackage-Version")); // throws when not an OSGi version

            // the Name sections, in the order the manifest lists them
            List<String> sections = new ArrayList<>();
            String text = manifestText(dp);
            for (String line : text.replace("\r\n ", "").split("\r\n")) {
                if (line.startsWith("Name: ")) {
                    sections.add(line.substring(6));
                }
            }

            List<String> stored = new ArrayList<>();
            Map<String, BundleJar> byName = new HashMap<>();
            for (BundleJar b : bundleSet()) {
                byName.put(b.resourceName(), b);
            }
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                stored.add(entry.getName());
                Attributes section = manifest.getAttributes(entry.getName());
                assertNotNull(section, entry.getName() + " has a Name section");
                BundleJar original = byName.get(entry.getName());
                assertNotNull(original, entry.getName() + " is a bundle of the gateway's bundle set");
                assertEquals(original.symbolicName(), section.getValue("Bundle-SymbolicName"));
                assertEquals(original.version(), section.getValue("Bundle-Version"));
                Version.parseVersion(section.getValue("Bundle-Version"));
                // and the stored bytes are that bundle
                Manifest inner = new JarInputStream(new java.io.ByteArrayInputStream(in.readAllBytes())).getManifest();
                assertEquals(original.symbolicName(),
                        inner.getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim());
            }
            assertEquals(sections, stored, "bundles stored in the manifest's order");

            // every Tidegate bundle and every library they need; none of the framework services Kura has
            for (BundleJar b : bundleSet()) {
                boolean kuraHasIt = PackageCommand.KURA_PROVIDED.contains(b.symbolicName());
                assertEquals(!kuraHasIt, stored.contains(b.resourceName()), b.symbolicName());
            }
            assertTrue(stored.indexOf(byBsn("io.tidegate.api").resourceName())
                    < stored.indexOf(byBsn("io.tidegate.engine").resourceName()), "the API before its users");
        }
    }

    private static BundleJar byBsn(String bsn) throws Exception {
        return bundleSet().stream().filter(b -> b.symbolicName().equals(bsn)).findFirst().orElseThrow();
    }

    private static String manifestText(Path dp) throws Exception {
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(dp))) {
            assertEquals("META-INF/MANIFEST.MF", zip.getNextEntry().getName());
            return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDebHasItsControlDataUnitScriptsAndEveryBundle() throws Exception {
        Path cliJar = Files.createTempFile(dir, "tidegate-cli", ".jar");
        Files.copy(bundleSet().get(0).file(), cliJar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, new CommandLine(new TidegateCommand()).execute("package", "--deb", "-o", dir.toString(),
                "--lib", cliJar.toString(), "--pkg-version", "1.2.3-SNAPSHOT"), err.toString(StandardCharsets.UTF_8));
        Path deb = dir.resolve("tidegate_1.2.3~SNAPSHOT_all.deb");
        assertTrue(Files.isRegularFile(deb), out.toString(StandardCharsets.UTF_8));

        List<String> members = new ArrayList<>();
        Map<String, String> control = new HashMap<>();
        Map<String, Integer> data = new HashMap<>();
        try (ArArchiveInputStream ar = new ArArchiveInputStream(Files.newInputStream(deb))) {
            ArArchiveEntry member;
            while ((member = ar.getNextEntry()) != null) {
                members.add(member.getName());
                if (member.getName().equals("debian-binary")) {
                    assertEquals("2.0\n", new String(ar.readAllBytes(), StandardCharsets.US_ASCII));
                } else {
                    TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(ar));
                    TarArchiveEntry e;
                    while ((e = tar.getNextEntry()) != null) {
                        if (member.getName().startsWith("control")) {
                            control.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                            data.put("control:" + e.getName(), e.getMode());
                        } else {
                            data.put(e.getName(), e.getMode());
                            assertEquals(0, e.getLongUserId(), e.getName() + " belongs to root");
                        }
                    }
                }
            }
        }
        assertEquals(List.of("debian-binary", "control.tar.gz", "data.tar.gz"), members);
        String fields = control.get("./control");
        assertTrue(fields.startsWith("Package: tidegate\nVersion: 1.2.3~SNAPSHOT\nArchitecture: all\n"), fields);
        assertTrue(fields.contains("\nDepends: java17-runtime-headless"), fields);
        assertTrue(fields.contains("\nInstalled-Size: "), fields);
        assertEquals("/etc/default/tidegate\n", control.get("./conffiles"));
        assertEquals(0100755, data.get("control:./postinst"));
        assertTrue(control.get("./postinst").contains("--shell /usr/sbin/nologin"), "a system user without login");

        assertEquals(0100644, data.get("./usr/lib/systemd/system/tidegate.service"));
        assertEquals(0100755, data.get("./usr/bin/tidegate"));
        assertTrue(data.containsKey("./usr/lib/systemd/system.conf.d/tidegate-watchdog.conf"));
        assertTrue(data.containsKey("./usr/share/tidegate/lib/" + cliJar.getFileName()));
        assertTrue(data.containsKey("./usr/share/tidegate/frameworks/felix/"));
        for (BundleJar b : bundleSet()) {
            assertTrue(data.containsKey("./usr/share/tidegate/bundles/" + b.resourceName()), b.resourceName());
            assertTrue(control.get("./md5sums").contains("  usr/share/tidegate/bundles/" + b.resourceName() + "\n"));
        }
    }

    @Test
    void theUnitRestartsOnFailureUsesTheWatchdogAndRunsAsItsOwnUser() throws Exception {
        String unit;
        try (InputStream in = io.tidegate.cli.packaging.GatewayDeb.class.getResourceAsStream("tidegate.service")) {
            unit = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : List.of("Type=notify", "Restart=on-failure", "WatchdogSec=60s", "User=tidegate",
                "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/tidegate /etc/tidegate")) {
            assertTrue(unit.lines().anyMatch(line::equals), line);
        }
    }

    @Test
    void aMissingBundleSetIsAClearError() {
        assertEquals(1, new CommandLine(new TidegateCommand()).execute("package", "--dp", "-o", dir.toString(),
                "--home", dir.resolve("nowhere").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no bundle set in " + dir.resolve("nowhere/bundles")),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aVersionDebianCannotTakeIsRefused() {
        assertEquals(2, new CommandLine(new TidegateCommand()).execute("package", "--deb", "-o", dir.toString(),
                "--pkg-version", "v1 beta"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("'v1 beta' is not a Debian version"),
                err.toString(StandardCharsets.UTF_8));
    }
}
