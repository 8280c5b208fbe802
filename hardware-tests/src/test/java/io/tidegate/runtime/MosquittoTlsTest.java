package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The gateway (a real process) against Debian's Mosquitto over TLS, with a PKI the test makes
 * with openssl: mutual TLS carries data to a host; a broker certificate from another CA and one
 * that names another host are refused with a clear error while the gateway keeps buffering; and
 * user name and password (mosquitto_passwd) work, a wrong password being refused. Mutual TLS and
 * user name and password run over MQTT 3.1.1 and MQTT 5.
 */
@Timeout(300)
class MosquittoTlsTest {
    private static final Pattern BUFFERED = Pattern.compile("buffered (\\d+) \\| uplink OFFLINE");

    @TempDir
    Path dir;

    private TestCertificates pki;
    private Path ca;

    @BeforeEach
    void makePki() throws Exception {
        pki = new TestCertificates(dir.resolve("pki"));
        ca = pki.ca("ca");
    }

    private List<String> tlsListener(Path serverCert, boolean requireClientCert) {
        return List.of(
                "allow_anonymous " + (requireClientCert ? "true" : "false"),
                "cafile " + ca,
                "certfile " + serverCert,
                "keyfile " + pki.keyOf(serverCert),
                "require_certificate " + requireClientCert);
    }

    /** The fast demo site, its uplink pointed at the broker's TLS listener, plus {@code uplinkExtra}. */
    private Path profile(int port, String uplinkExtra) throws IOException {
        Path profile = TestSites.fastDemo(dir.resolve("profile"), port);
        // Into the uplink section, wherever it is in the demo profile (it is not the last one).
        Files.writeString(profile, Files.readString(profile).replace("\nuplink:\n", "\nuplink:\n" + uplinkExtra));
        return profile;
    }

    private static String tls(String... lines) {
        StringBuilder b = new StringBuilder("  tls:\n");
        for (String line : lines) {
            b.append("    ").append(line).append('\n');
        }
        return b.toString();
    }

    private static void awaitLog(GatewayProcess gateway, String what, Duration limit) throws InterruptedException {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        while (!gateway.log().contains(what)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the gateway did not log '" + what + "' within " + limit + "; log:\n"
                        + gateway.log());
            }
            Thread.sleep(200);
        }
    }

    /** The refusal leaves the gateway reading and buffering: the backlog on disk grows. */
    private static void assertStillBuffering(GatewayProcess gateway) throws InterruptedException {
        long first = lastBuffered(gateway);
        long deadline = System.currentTimeMillis() + 20_000;
        while (lastBuffered(gateway) <= first) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the backlog did not grow while the uplink was refused; log:\n"
                        + gateway.log());
            }
            Thread.sleep(500);
        }
    }

    private static long lastBuffered(GatewayProcess gateway) {
        Matcher m = BUFFERED.matcher(gateway.log());
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    @ParameterizedTest(name = "MQTT {0}")
    @FieldSource("io.tidegate.runtime.UplinkMqttVersion#ALL")
    void mutualTlsCarriesDataToTheHost(String mqttVersion) throws Exception {
        Path server = pki.signed("server", ca, "IP:127.0.0.1,DNS:localhost", false);
        Path client = pki.signed("client", ca, "DNS:demo-station-01", true);
        int tlsPort = TestSites.freePort();
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), tlsPort, tlsListener(server, true));
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             GatewayProcess gateway = GatewayProcess.start("felix", UplinkMqttVersion.set(profile(tlsPort, tls(
                     "caFile: " + ca, "certFile: " + client, "keyFile: " + pki.keyOf(client))), mqttVersion),
                     dir.resolve("data"), dir.resolve("gateway.log"))) {
            host.await("births and data over mutual TLS", Duration.ofSeconds(60),
                    h -> h.messages("DDATA").size() >= 10);
            assertEquals("NBIRTH", host.messages().get(0).type());
            assertTrue(broker.log().contains("as demo-station-01 " + UplinkMqttVersion.mosquittoConnectTag(
                    mqttVersion)), "mosquitto saw the MQTT " + mqttVersion + " client:\n" + broker.log());
            assertFalse(gateway.log().contains("TLS refused"), gateway.log());
        }
    }

    @Test
    void mutualTlsWithAPkcs12Bundle() throws Exception {
        Path server = pki.signed("server", ca, "IP:127.0.0.1", false);
        Path client = pki.signed("client", ca, "DNS:demo-station-01", true);
        Path password = dir.resolve("p12.pass");
        Files.writeString(password, "bundle secret\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        Path bundle = pki.pkcs12(client, password);
        int tlsPort = TestSites.freePort();
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), tlsPort, tlsListener(server, true));
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             GatewayProcess gateway = GatewayProcess.start("felix", profile(tlsPort, tls(
                     "caFile: " + ca, "keyFile: " + bundle, "keyPasswordFile: " + password)),
                     dir.resolve("data"), dir.resolve("gateway.log"))) {
            host.await("data over mutual TLS with a PKCS#12 client key", Duration.ofSeconds(60),
                    h -> h.messages("DDATA").size() >= 5);
            assertFalse(gateway.log().contains("bundle secret"), "the bundle's password never reaches the log");
        }
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefusedAndDataIsBuffered() throws Exception {
        Path otherCa = pki.ca("other-ca");
        Path rogue = pki.signed("rogue-server", otherCa, "IP:127.0.0.1,DNS:localhost", false);
        Path client = pki.signed("client", ca, "DNS:demo-station-01", true);
        int tlsPort = TestSites.freePort();
        List<String> listener = List.of("allow_anonymous true", "cafile " + ca, "certfile " + rogue,
                "keyfile " + pki.keyOf(rogue), "require_certificate false");
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), tlsPort, listener);
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             GatewayProcess gateway = GatewayProcess.start("felix", profile(tlsPort, tls(
                     "caFile: " + ca, "certFile: " + client, "keyFile: " + pki.keyOf(client))),
                     dir.resolve("data"), dir.resolve("gateway.log"))) {
            awaitLog(gateway, "TLS refused: the broker's certificate is not signed by a trusted CA (caFile " + ca,
                    Duration.ofSeconds(60));
            assertStillBuffering(gateway);
            assertTrue(host.messages().isEmpty(), "nothing was published through an untrusted broker");
            assertTrue(gateway.log().contains("SEVERE"), "the refusal is logged as an error");
        }
    }

    @Test
    void aBrokerCertificateForAnotherHostIsRefusedUnlessVerificationIsTurnedOff() throws Exception {
        Path elsewhere = pki.signed("elsewhere", ca, "DNS:broker.elsewhere.example", false);
        int tlsPort = TestSites.freePort();
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), tlsPort, List.of("allow_anonymous true",
                "cafile " + ca, "certfile " + elsewhere, "keyfile " + pki.keyOf(elsewhere)));
             SparkplugHost host = SparkplugHost.subscribe(broker.url())) {
            try (GatewayProcess gateway = GatewayProcess.start("felix", profile(tlsPort, tls("caFile: " + ca)),
                    dir.resolve("data"), dir.resolve("gateway.log"))) {
                awaitLog(gateway, "TLS refused: the broker's certificate does not name the host connected to",
                        Duration.ofSeconds(60));
                assertStillBuffering(gateway);
                assertTrue(host.messages().isEmpty(), "nothing was published to a broker with the wrong name");
                gateway.terminate();
            }
            // The same broker and CA with verification off: so it was the name, and only the name.
            try (GatewayProcess gateway = GatewayProcess.start("felix", profile(tlsPort,
                    tls("caFile: " + ca, "verifyHostname: false")), dir.resolve("data"),
                    dir.resolve("gateway2.log"))) {
                host.await("data once hostname verification is off", Duration.ofSeconds(60),
                        h -> h.messages("DDATA").size() >= 5);
                assertTrue(host.readings("wet_well/level").stream().anyMatch(r -> r.historical()),
                        "the backlog buffered during the refusal is delivered, flagged historical");
            }
        }
    }

    @ParameterizedTest(name = "MQTT {0}")
    @FieldSource("io.tidegate.runtime.UplinkMqttVersion#ALL")
    void userNameAndPasswordOverTls(String mqttVersion) throws Exception {
        Path server = pki.signed("server", ca, "IP:127.0.0.1", false);
        Path passwd = dir.resolve("mosquitto-passwd");
        Process p = new ProcessBuilder("/usr/bin/mosquitto_passwd", "-b", "-c", passwd.toString(), "gw01",
                "correct horse battery").redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        Path secret = dir.resolve("mqtt.secret");
        Files.writeString(secret, "wrong password\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        int tlsPort = TestSites.freePort();
        List<String> listener = List.of("allow_anonymous false", "password_file " + passwd, "cafile " + ca,
                "certfile " + server, "keyfile " + pki.keyOf(server));
        try (Mosquitto broker = Mosquitto.start(dir.resolve("mosquitto"), tlsPort, listener);
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             GatewayProcess gateway = GatewayProcess.start("felix", UplinkMqttVersion.set(profile(tlsPort,
                     "  username: gw01\n  passwordFile: " + secret + "\n" + tls("caFile: " + ca)), mqttVersion),
                     dir.resolve("data"), dir.resolve("gateway.log"))) {
            // The same words on both versions (3.1.1 return code 4, MQTT 5 reason code 0x86)
            awaitLog(gateway, "the broker refused the user name or password", Duration.ofSeconds(60));
            assertTrue(gateway.log().contains("SEVERE"), "the refusal is logged as an error");
            assertTrue(host.messages().isEmpty());

            // The password file is read at each connect: fixing it needs no restart.
            Files.writeString(secret, "correct horse battery\n");
            host.await("data once the password is right", Duration.ofSeconds(90),
                    h -> h.messages("DDATA").size() >= 5);
            assertFalse(gateway.log().contains("correct horse battery"), "the password never reaches the log");
            assertFalse(gateway.log().contains("wrong password"), "nor does a wrong one");
        }
    }
}
