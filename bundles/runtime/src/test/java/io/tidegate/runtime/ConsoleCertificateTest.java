package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.engine.profile.ConsoleConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's HTTPS key store: the gateway's own certificate, made once and kept, or the installer's PEM files. */
class ConsoleCertificateTest {
    @TempDir
    Path dir;

    @Test
    void theSelfSignedCertificateIsMadeOnceOwnerOnlyAndNamesThisGateway() throws Exception {
        ConsoleConfig console = new ConsoleConfig(8443, "10.1.2.3", true, null, null);
        Map<String, String> props = ConsoleCertificate.httpsProperties(console, dir);

        assertEquals("false", props.get("org.apache.felix.http.enable"), "no plain HTTP beside HTTPS");
        assertEquals("true", props.get("org.apache.felix.https.enable"));
        assertEquals("8443", props.get("org.osgi.service.http.port.secure"));
        Path store = Path.of(props.get("org.apache.felix.https.keystore"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, props.get("org.apache.felix.https.keystore.password").toCharArray());
        }
        X509Certificate cert = (X509Certificate) ks.getCertificate("console");
        String names = cert.getSubjectAlternativeNames().toString();
        assertTrue(names.contains("127.0.0.1") && names.contains("localhost") && names.contains("10.1.2.3"), names);

        byte[] first = Files.readAllBytes(dir.resolve("console/https/gateway.crt"));
        Map<String, String> again = ConsoleCertificate.httpsProperties(console, dir);
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("console/https/gateway.crt")), "kept across restarts");
        assertEquals(props.get("org.apache.felix.https.keystore.password"), again.get("org.apache.felix.https.keystore.password"));
    }

    @Test
    void theInstallersPemCertificateAndKeyAreServed() throws Exception {
        Path[] pem = pemPair(dir.resolve("pki"));
        Map<String, String> props = ConsoleCertificate.httpsProperties(
                new ConsoleConfig(8443, "127.0.0.1", true, pem[0], pem[1]), dir.resolve("data"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(props.get("org.apache.felix.https.keystore")))) {
            ks.load(in, props.get("org.apache.felix.https.keystore.password").toCharArray());
        }
        Certificate given = java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(pem[0]));
        assertEquals(given, ks.getCertificate("console"));
    }

    @Test
    void aTraditionalRsaKeyGetsTheConversionCommandNeverItsContent() throws Exception {
        Path[] pem = pemPair(dir.resolve("pki"));
        String body = "MIIEowIBAAKCAQEAsecretsecretsecret";
        Files.writeString(pem[1], "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n");
        IOException e = assertThrows(IOException.class, () -> ConsoleCertificate.httpsProperties(
                new ConsoleConfig(8443, "127.0.0.1", true, pem[0], pem[1]), dir.resolve("data")));
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
        assertFalse(e.getMessage().contains(body), e.getMessage());
    }

    /** A certificate and its PKCS#8 key as PEM files (made with keytool, converted in Java): {cert, key}. */
    static Path[] pemPair(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path p12 = dir.resolve("installer.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "c", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=installer-ca-signed",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", p12.toString(),
                "-storepass", "test-only").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "test-only".toCharArray());
        }
        Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Path cert = Files.writeString(dir.resolve("console.crt"), "-----BEGIN CERTIFICATE-----\n"
                + mime.encodeToString(ks.getCertificate("c").getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Path key = dir.resolve("console.key");
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + mime.encodeToString(
                ((PrivateKey) ks.getKey("c", "test-only".toCharArray())).getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        return new Path[] {cert, key};
    }
}
