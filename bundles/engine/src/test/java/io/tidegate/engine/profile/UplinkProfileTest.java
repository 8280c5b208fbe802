package io.tidegate.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uplink's security and failover settings: the {@code uplink.tls} section and the files it
 * names (certificates must exist, keys and password files must be readable by their owner only,
 * the pairs must be complete), the primary host and the failover brokers.
 */
class UplinkProfileTest {
    private static final String SITE = """
            gateway: {id: gw, group: g}
            devices:
              - id: station
                driver: sim
                points:
                  - {id: wet_well/level, address: wet_well.level, type: FLOAT64}
            uplink:
              host: broker.example.com
            """;

    @TempDir
    Path dir;

    private Path file(String name, String perms) throws Exception {
        Path f = Files.writeString(dir.resolve(name), "placeholder, the loader does not parse it\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return f;
    }

    private SiteProfile load(String uplinkTail) throws Exception {
        return ProfileLoader.load(SITE + uplinkTail, dir.resolve("site.yaml"));
    }

    private ProfileError onlyError(String uplinkTail) {
        ProfileException e = assertThrows(ProfileException.class, () -> load(uplinkTail));
        assertEquals(1, e.errors().size(), e::getMessage);
        return e.errors().get(0);
    }

    @Test
    void mutualTlsWithPemFiles() throws Exception {
        file("ca.pem", "rw-r--r--");
        file("client.pem", "rw-r--r--");
        file("client.key", "rw-------");
        UplinkConfig uplink = load("""
                  tls:
                    caFile: ca.pem
                    certFile: client.pem
                    keyFile: client.key
                  primaryHostId: scada-main
                """).uplink();

        assertEquals(new UplinkConfig.TlsConfig(dir.resolve("ca.pem"), dir.resolve("client.pem"),
                dir.resolve("client.key"), null, true), uplink.tls());
        assertEquals(8883, uplink.port(), "TLS without a port means MQTT's TLS port");
        assertEquals("scada-main", uplink.primaryHostId());
    }

    @Test
    void anEmptyTlsSectionMeansTheSystemTrustStoreWithHostnameVerification() throws Exception {
        UplinkConfig uplink = load("  port: 9883\n  tls: {}\n").uplink();
        assertEquals(new UplinkConfig.TlsConfig(null, null, null, null, true), uplink.tls());
        assertEquals(9883, uplink.port());
        assertNull(load("").uplink().tls(), "no tls section: plain TCP");
        assertEquals(1883, load("").uplink().port());
    }

    @Test
    void hostnameVerificationCanBeTurnedOffExplicitly() throws Exception {
        assertFalse(load("  tls: {verifyHostname: false}\n").uplink().tls().verifyHostname());
    }

    @Test
    void aPkcs12BundleWithItsPasswordFile() throws Exception {
        file("client.p12", "r--------");
        file("p12.pass", "rw-------");
        var tls = load("  tls: {keyFile: client.p12, keyPasswordFile: p12.pass}\n").uplink().tls();
        assertEquals(dir.resolve("client.p12"), tls.keyFile());
        assertEquals(dir.resolve("p12.pass"), tls.keyPasswordFile());
    }

    @Test
    void aKeyFileOthersCanReadIsRefusedWithTheFix() throws Exception {
        file("client.pem", "rw-r--r--");
        file("client.key", "rw-r--r--");
        ProfileError error = onlyError("  tls: {certFile: client.pem, keyFile: client.key}\n");
        assertEquals("uplink.tls.keyFile", error.field());
        assertEquals(9, error.line());
        assertTrue(error.message().contains("may be read by group or others (mode 0644)"), error::toString);
        assertTrue(error.message().contains("chmod 600 " + dir.resolve("client.key")), error::toString);
    }

    @Test
    void aPasswordFileOthersCanReadIsRefused() throws Exception {
        file("mqtt.secret", "rw-r-----");
        ProfileError error = onlyError("  username: gw\n  passwordFile: mqtt.secret\n");
        assertEquals("uplink.passwordFile", error.field());
        assertTrue(error.message().contains("MQTT password file may be read by group or others (mode 0640)"),
                error::toString);
    }

    @Test
    void aMissingPasswordFileIsAProfileErrorNotAStartFailure() {
        ProfileError error = onlyError("  passwordFile: nowhere.secret\n");
        assertEquals("uplink.passwordFile", error.field());
        assertTrue(error.message().contains("file 'nowhere.secret' not found"), error::toString);
    }

    @Test
    void aClientCertificateNeedsItsKeyAndAPemKeyItsCertificate() throws Exception {
        file("client.pem", "rw-r--r--");
        file("client.key", "rw-------");
        ProfileError noKey = onlyError("  tls: {certFile: client.pem}\n");
        assertEquals("uplink.tls.certFile", noKey.field());
        assertTrue(noKey.message().contains("needs its private key: add keyFile"), noKey::toString);

        ProfileError noCert = onlyError("  tls: {keyFile: client.key}\n");
        assertEquals("uplink.tls.keyFile", noCert.field());
        assertTrue(noCert.message().contains("needs its certificate: add certFile"), noCert::toString);
    }

    @Test
    void aPemKeyHasNoPasswordFile() throws Exception {
        file("client.pem", "rw-r--r--");
        file("client.key", "rw-------");
        file("key.pass", "rw-------");
        ProfileError error = onlyError(
                "  tls: {certFile: client.pem, keyFile: client.key, keyPasswordFile: key.pass}\n");
        assertEquals("uplink.tls.keyPasswordFile", error.field());
        assertTrue(error.message().contains("unencrypted PKCS#8"), error::toString);
    }

    @Test
    void failoverBrokersAsHostOrHostAndPort() throws Exception {
        UplinkConfig uplink = load("  failover: [broker2.example.com, \"10.0.0.3:1884\", \"[fd00::4]:8883\"]\n").uplink();
        assertEquals(java.util.List.of("broker2.example.com", "10.0.0.3:1884", "[fd00::4]:8883"), uplink.failover());
        assertEquals(java.util.List.of(), load("").uplink().failover());
    }

    @Test
    void aFailoverBrokerThatIsNotHostAndPortIsNamed() {
        ProfileError error = onlyError("  failover:\n    - broker2.example.com\n    - tcp://broker3:1883\n");
        assertEquals("uplink.failover[1]", error.field());
        assertEquals(11, error.line());
        assertTrue(error.message().contains("'tcp://broker3:1883' is not a broker: give host or host:port"),
                error::toString);
        ProfileError port = onlyError("  failover: [\"broker2:99999\"]\n");
        assertTrue(port.message().contains("'99999' is not a port"), port::toString);
    }

    @Test
    void theJsonEncodingIsAnUplinkType() throws Exception {
        assertEquals("json", load("  type: JSON\n").uplink().type());
        assertEquals("sparkplug", load("").uplink().type());
        ProfileError error = onlyError("  type: mqtt-json\n");
        assertEquals("uplink.type", error.field());
        assertTrue(error.message().contains("unknown uplink type 'mqtt-json'; allowed: sparkplug (Sparkplug B), json"),
                error::toString);
    }

    @Test
    void mqttVersionIsThreeOneOneByDefaultAndFiveOnRequest() throws Exception {
        assertEquals(UplinkConfig.MQTT_3_1_1, load("").uplink().mqttVersion());
        assertEquals(UplinkConfig.MQTT_5, load("  mqttVersion: 5\n").uplink().mqttVersion());
        assertEquals(UplinkConfig.MQTT_3_1_1, load("  mqttVersion: 3.1.1\n").uplink().mqttVersion());
    }

    @Test
    void anUnknownMqttVersionIsRefusedWhereItIsWritten() {
        ProfileError error = onlyError("  mqttVersion: 4\n");
        assertEquals("uplink.mqttVersion", error.field());
        assertEquals(9, error.line());
        assertEquals(16, error.column());
        assertTrue(error.message().contains("unknown MQTT version '4'; allowed: 3.1.1 (the default) or 5"),
                error::toString);
    }
}
