package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS setup's refusals name the file and the fix, and never a secret. (The handshakes
 * themselves are proven against Mosquitto in hardware-tests' MosquittoTlsTest.)
 */
class TlsSocketFactoryTest {
    @TempDir
    Path dir;

    private Path write(String name, String text, String perms) throws IOException {
        Path f = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    @Test
    void theSystemTrustStoreOffersOnlyTls12And13() throws Exception {
        SSLSocketFactory factory = TlsSocketFactory.create(TlsSettings.SYSTEM_TRUST);
        try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
            assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, socket.getEnabledProtocols());
        }
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        byte[] key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded();
        Path keyFile = write("client.key", pem("PRIVATE KEY", key), "rw-r--r--");
        Path cert = write("client.pem", "unused", "rw-r--r--");
        IOException e = assertThrows(IOException.class,
                () -> TlsSocketFactory.create(new TlsSettings(null, cert, keyFile, null, true)));
        assertTrue(e.getMessage().contains("client key file " + keyFile + " may be read by group or others (mode 0644)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
        assertFalse(e.getMessage().contains(Base64.getMimeEncoder().encodeToString(key).substring(0, 20)),
                "no key material in the message");
    }

    @Test
    void aTraditionalRsaKeyGetsTheConversionCommand() throws Exception {
        Path keyFile = write("client.key", pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}), "rw-------");
        Path cert = write("client.pem", "unused", "rw-r--r--");
        IOException e = assertThrows(IOException.class,
                () -> TlsSocketFactory.create(new TlsSettings(null, cert, keyFile, null, true)));
        assertTrue(e.getMessage().contains("is a 'RSA PRIVATE KEY'"), e.getMessage());
        assertTrue(e.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), e.getMessage());
    }

    @Test
    void aClientCertificateFileWithoutACertificateNamesTheFile() throws Exception {
        byte[] key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate().getEncoded();
        Path keyFile = write("client.key", pem("PRIVATE KEY", key), "rw-------");
        Path cert = write("client.pem", "not a certificate", "rw-r--r--");
        IOException e = assertThrows(IOException.class,
                () -> TlsSocketFactory.create(new TlsSettings(null, cert, keyFile, null, true)));
        assertTrue(e.getMessage().contains("client certificate file " + cert), e.getMessage());
    }

    @Test
    void aCaFileWithoutCertificatesNamesTheFile() throws Exception {
        Path ca = write("ca.pem", "this is not a certificate\n", "rw-r--r--");
        IOException e = assertThrows(IOException.class,
                () -> TlsSocketFactory.create(new TlsSettings(ca, null, null, null, true)));
        assertTrue(e.getMessage().contains("CA file " + ca), e.getMessage());
    }

    @Test
    void aMissingCaFileNamesTheFile() {
        Path ca = dir.resolve("nowhere.pem");
        IOException e = assertThrows(IOException.class,
                () -> TlsSocketFactory.create(new TlsSettings(ca, null, null, null, true)));
        assertTrue(e.getMessage().contains("cannot read the CA file " + ca), e.getMessage());
    }

    @Test
    void aPasswordFileOthersCanReadIsRefusedAndItsContentNeverShown() throws Exception {
        Path secret = write("mqtt.secret", "hunter2\n", "rw-rw----");
        IOException e = assertThrows(IOException.class, () -> SecretFiles.readPassword(secret, "MQTT password file"));
        assertTrue(e.getMessage().contains("MQTT password file " + secret + " may be read by group or others (mode 0660)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("r--------"));
        assertArrayEquals("hunter2".toCharArray(), SecretFiles.readPassword(secret, "MQTT password file"));
    }

    @Test
    void settingsNameFilesNeverSecrets() {
        EdgeNodeSettings settings = new EdgeNodeSettings("ssl://broker:8883", "g", "n", "n", 30, "gw01",
                dir.resolve("mqtt.secret"), dir, 10, 20).withTls(new TlsSettings(dir.resolve("ca.pem"), null, null,
                null, false));
        String text = settings + " " + settings.tls();
        assertTrue(text.contains("user gw01"), text);
        assertTrue(text.contains("hostname NOT verified"), text);
        assertFalse(text.contains("secret"), "the password file is not even named: " + text);
    }
}
