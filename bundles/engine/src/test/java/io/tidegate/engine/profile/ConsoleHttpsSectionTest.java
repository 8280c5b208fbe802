package io.tidegate.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's HTTPS settings: a self-signed gateway certificate by default, or the installer's files, checked. */
class ConsoleHttpsSectionTest {
    private static final String SITE = """
            gateway: {id: gw, group: g}
            devices:
              - id: d
                driver: sim
                points:
                  - {id: p, address: x, type: BOOL}
            uplink: {host: 127.0.0.1}
            """;

    @TempDir
    Path dir;

    @Test
    void httpsAloneMeansTheGatewaysOwnCertificate() throws Exception {
        ConsoleConfig console = ProfileLoader.load(SITE + "console: {port: 8443, https: true}\n",
                dir.resolve("site.yaml")).console();
        assertTrue(console.https());
        assertTrue(console.selfSigned());
        assertFalse(ProfileLoader.load(SITE, dir.resolve("site.yaml")).console().https(), "plain HTTP by default");
    }

    @Test
    void theInstallersCertificateAndKeyAreTakenRelativeToTheProfile() throws Exception {
        Files.writeString(dir.resolve("console.crt"), "cert");
        Path key = Files.writeString(dir.resolve("console.key"), "key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        ConsoleConfig console = ProfileLoader.load(SITE + "console: {https: true, certFile: console.crt,"
                + " keyFile: console.key}\n", dir.resolve("site.yaml")).console();
        assertEquals(dir.resolve("console.crt"), console.certFile());
        assertEquals(dir.resolve("console.key"), console.keyFile());
        assertFalse(console.selfSigned());
    }

    @Test
    void aKeyOthersMayReadIsRefusedWithItsLine() throws Exception {
        Files.writeString(dir.resolve("console.crt"), "cert");
        Path key = Files.writeString(dir.resolve("console.key"), "key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        String yaml = SITE + "console:\n  https: true\n  certFile: console.crt\n  keyFile: console.key\n";
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(yaml,
                dir.resolve("site.yaml")));
        assertTrue(e.getMessage().contains("site.yaml:11:12: console.keyFile"), e.getMessage());
        assertTrue(e.getMessage().contains("console.keyFile"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void certificateFilesNeedHttpsAndEachOther() throws Exception {
        Files.writeString(dir.resolve("console.crt"), "cert");
        ProfileException withoutHttps = assertThrows(ProfileException.class, () -> ProfileLoader.load(
                SITE + "console: {certFile: console.crt}\n", dir.resolve("site.yaml")));
        assertTrue(withoutHttps.getMessage().contains("add https: true"), withoutHttps.getMessage());
        ProfileException alone = assertThrows(ProfileException.class, () -> ProfileLoader.load(
                SITE + "console: {https: true, certFile: console.crt}\n", dir.resolve("site.yaml")));
        assertTrue(alone.getMessage().contains("certFile and keyFile go together"), alone.getMessage());
        ProfileException notBoolean = assertThrows(ProfileException.class, () -> ProfileLoader.load(
                SITE + "console: {https: yes-please}\n", dir.resolve("site.yaml")));
        assertTrue(notBoolean.getMessage().contains("'yes-please' is not true or false"), notBoolean.getMessage());
    }
}
