package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import io.tidegate.api.ConnectionTester.Outcome;
import io.tidegate.api.ConnectionTester.Result;
import io.tidegate.api.ConnectionTester.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Test connection" against Moquette in process, with a user and password and a TLS port whose
 * certificate (made with the JDK's keytool) names broker.example only: each way a connection can
 * fail is told apart and said in words, and a good one is reported as such.
 */
class MqttConnectionTesterTest {
    private static final String STORE_PASSWORD = "test-only-store";
    @TempDir
    Path dir;
    private Server broker;
    private int port;
    private int tlsPort;
    private Path brokerCert;

    @BeforeEach
    void startBroker() throws Exception {
        Path store = dir.resolve("broker.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=broker.example", "-ext", "SAN=dns:broker.example", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        brokerCert = dir.resolve("broker.pem");
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", store.toString(), "-storepass",
                STORE_PASSWORD, "-file", brokerCert.toString());
        port = TestBroker.freePort();
        tlsPort = TestBroker.freePort();
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(IConfig.SSL_PORT_PROPERTY_NAME, Integer.toString(tlsPort));
        p.setProperty(IConfig.JKS_PATH_PROPERTY_NAME, store.toString());
        p.setProperty(IConfig.KEY_STORE_TYPE, "pkcs12");
        p.setProperty(IConfig.KEY_STORE_PASSWORD_PROPERTY_NAME, STORE_PASSWORD);
        p.setProperty(IConfig.KEY_MANAGER_PASSWORD_PROPERTY_NAME, STORE_PASSWORD);
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "false");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        broker = new Server();
        // The broker's own authentication hook: one user with one password.
        broker.startServer(new MemoryConfig(p), List.of(), null, (clientId, user, password) -> "gateway".equals(user)
                && password != null && "right-password".equals(new String(password, StandardCharsets.UTF_8)), null);
    }

    @AfterEach
    void stopBroker() {
        broker.stopServer();
    }

    @Test
    void theRightPasswordConnectsAndAWrongOneIsSaidToBeWrong() {
        Result ok = test(plain(port, "right-password"));
        assertEquals(Outcome.CONNECTED, ok.outcome(), ok.message());
        assertTrue(ok.message().contains("plain TCP"), ok.message());

        Result wrong = test(plain(port, "wrong-password"));
        assertEquals(Outcome.BAD_CREDENTIALS, wrong.outcome(), wrong.message());
        assertTrue(wrong.message().contains("refused the user name or password"), wrong.message());
        assertFalse(wrong.message().contains("wrong-password"), "the password is never repeated");
    }

    @Test
    void aPortNobodyListensOnIsUnreachable() throws Exception {
        Result r = test(plain(TestBroker.freePort(), "right-password"));
        assertEquals(Outcome.UNREACHABLE, r.outcome(), r.message());
    }

    @Test
    void tlsTellsAnUntrustedCertificateFromOneForAnotherHost() throws Exception {
        Result untrusted = test(tls(null, true));
        assertEquals(Outcome.TLS_NOT_TRUSTED, untrusted.outcome(), untrusted.message());
        assertTrue(untrusted.message().contains("not signed by a trusted CA"), untrusted.message());

        Result otherHost = test(tls(brokerCert.toString(), true));
        assertEquals(Outcome.TLS_WRONG_HOST, otherHost.outcome(), otherHost.message());
        assertTrue(otherHost.message().contains("does not name the host"), otherHost.message());

        Result ok = test(tls(brokerCert.toString(), false));
        assertEquals(Outcome.CONNECTED, ok.outcome(), ok.message());
        assertTrue(ok.message().contains("over TLS"), ok.message());
    }

    @Test
    void unusableSettingsAreSaidBeforeAnyConnection() throws Exception {
        Path loose = Files.writeString(dir.resolve("mqtt-password"), "right-password\n");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        Result r = test(new Target("127.0.0.1", port, false, "gateway", null, loose.toString(), "", "", "", "",
                true, Duration.ofSeconds(5)));
        assertEquals(Outcome.BAD_SETTINGS, r.outcome(), r.message());
        assertTrue(r.message().contains(loose.toString()), r.message());
        assertFalse(r.message().contains("right-password"), r.message());

        Result missingCa = test(tls(dir.resolve("nowhere.pem").toString(), true));
        assertEquals(Outcome.BAD_SETTINGS, missingCa.outcome(), missingCa.message());
        assertTrue(missingCa.message().contains("nowhere.pem"), missingCa.message());
    }

    private static Result test(Target target) {
        return new MqttConnectionTester().test(target);
    }

    private static Target plain(int port, String password) {
        return new Target("127.0.0.1", port, false, "gateway", password.toCharArray(), "", "", "", "", "", true,
                Duration.ofSeconds(5));
    }

    private Target tls(String caFile, boolean verifyHostname) {
        return new Target("127.0.0.1", tlsPort, true, "gateway", "right-password".toCharArray(), "", caFile, "", "",
                "", verifyHostname, Duration.ofSeconds(5));
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
    }
}
