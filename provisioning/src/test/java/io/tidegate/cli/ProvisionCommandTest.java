package io.tidegate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.engine.profile.ProfileLoader;
import io.tidegate.engine.profile.SiteProfile;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProvisionCommandTest {
    /** Bouncy Castle as the CA's side: the JDK finds no key factory by the EC key's OID. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    static final String METER_CSV = """
            Point ID,Area,Address,Type,Byte/Word Order,Scale,Offset,Unit,Access,Poll Group,Description
            meter/voltage,holding,0,FLOAT32,CDAB,,,V,read,1s,Phase voltage
            meter/energy,input,10,UINT32,,0.01,,kWh,read,5s,Imported energy
            """;
    static final String PUMP_CSV = """
            Point ID,Area,Address,Type,Byte/Word Order,Scale,Offset,Unit,Access,Poll Group,Description
            pump1/speed,holding,0,UINT16,,0.1,,%,read-write,1s,Pump 1 speed
            pump1/running,,40101.3,BOOL,,,,,read,,Running bit
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();
    private final ByteArrayOutputStream out = streams.out;
    private final ByteArrayOutputStream err = streams.err;

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private int run(String... args) {
        return new CommandLine(new TidegateCommand()).execute(args);
    }

    private int provision(Path site, String... extra) throws Exception {
        Path maps = Files.createDirectories(dir.resolve("maps"));
        Files.writeString(maps.resolve("meter.csv"), METER_CSV);
        Files.writeString(maps.resolve("pump.csv"), PUMP_CSV);
        List<String> args = new ArrayList<>(List.of("provision", "--gateway-id", "station-07", "--site", "water-north",
                "--uplink-host", "broker.utility.example", "--uplink-port", "8883",
                "--device", "id=meter,driver=modbus-tcp,csv=" + maps.resolve("meter.csv") + ",host=10.0.0.5,unit=1",
                "--device", "id=pump1,driver=modbus-tcp,csv=" + maps.resolve("pump.csv")
                        + ",interval=2s,host=10.0.0.6,port=5020,unit=2",
                "--out", site.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(new String[0]));
    }

    @Test
    void provisioningWritesAnOwnerOnlyKeyAVerifiableCsrAndAProfileThatValidates() throws Exception {
        Path site = dir.resolve("site");
        assertEquals(0, provision(site), err());

        Path key = site.resolve("identity/gateway.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));

        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(site.resolve("identity/gateway.csr"))))) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
            assertEquals("CN=station-07", csr.getSubject().toString());
            assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo())));
        }

        // the same check an installer runs
        out.reset();
        assertEquals(0, run("validate", site.resolve("site.yaml").toString()), err());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("OK: gateway station-07 in group water-north, 2 devices,"
                + " 4 points, uplink broker.utility.example:8883"), out.toString(StandardCharsets.UTF_8));

        SiteProfile profile = ProfileLoader.load(site.resolve("site.yaml"));
        assertEquals(List.of("meter", "pump1"), profile.devices().stream().map(d -> d.id()).toList());
        assertEquals(METER_CSV, Files.readString(site.resolve("meter.csv")), "register maps copied next to the profile");
        assertTrue(Files.readString(site.resolve("site.yaml")).contains("pointsCsv: pump1.csv"));
    }

    @Test
    void anExistingIdentityIsKeptWithoutForceAndReplacedWithIt() throws Exception {
        Path site = dir.resolve("site");
        assertEquals(0, provision(site), err());
        byte[] firstKey = Files.readAllBytes(site.resolve("identity/gateway.key"));

        err.reset();
        assertEquals(1, provision(site), "a second provisioning must not replace the key silently");
        assertTrue(err().contains("already provisioned") && err().contains("--force"), err());
        assertArrayEquals(firstKey, Files.readAllBytes(site.resolve("identity/gateway.key")));

        assertEquals(0, provision(site, "--force", "--key-type", "rsa", "--rsa-bits", "2048"), err());
        assertFalse(java.util.Arrays.equals(firstKey, Files.readAllBytes(site.resolve("identity/gateway.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(site.resolve("identity/gateway.key"))));
    }

    @Test
    void aBadRegisterMapRowIsReportedWithItsFileAndLineAndNothingIsWritten() throws Exception {
        Path maps = Files.createDirectories(dir.resolve("maps"));
        Path bad = maps.resolve("bad.csv");
        Files.writeString(bad, METER_CSV + "meter/broken,holding,20,FLOAT33,,,,,read,,typo in the type\n");
        Path site = dir.resolve("site");
        int code = run("provision", "--gateway-id", "gw1", "--group", "g", "--uplink-host", "127.0.0.1",
                "--device", "id=meter,driver=modbus-tcp,csv=" + bad + ",host=10.0.0.5", "--out", site.toString());
        assertEquals(1, code);
        assertTrue(err().contains(bad.toAbsolutePath() + ":4"), "names the installer's own CSV and its line: " + err());
        assertTrue(err().contains("FLOAT33"), err());
        assertFalse(Files.exists(site.resolve("identity/gateway.key")), "no identity for a profile that does not load");
        assertFalse(Files.exists(site.resolve("site.yaml")));
    }

    @Test
    void aCustomTemplateIsFilledAndItsUnknownPlaceholdersRefused() throws Exception {
        Path template = dir.resolve("utility.tpl.yaml");
        Files.writeString(template, """
                # Utility North standard gateway
                gateway:
                  id: {{gateway.id}}
                  group: {{gateway.group}}
                devices:
                  {{devices}}
                uplink:
                  type: sparkplug
                  host: {{uplink.host}}
                  port: {{uplink.port}}
                  primaryHostId: scada-north
                """);
        Path site = dir.resolve("site");
        assertEquals(0, provision(site, "--template", template.toString()), err());
        SiteProfile profile = ProfileLoader.load(site.resolve("site.yaml"));
        assertEquals("scada-north", profile.uplink().primaryHostId());
        assertEquals(4, profile.points().size());

        Files.writeString(template, Files.readString(template).replace("scada-north", "{{scada.host}}"));
        err.reset();
        assertEquals(2, provision(dir.resolve("other"), "--template", template.toString()));
        assertTrue(err().contains(template + ":11: unknown placeholder {{scada.host}}"), err());
    }

    @Test
    void aWrongOptionIsAClearError() throws Exception {
        assertEquals(2, provision(dir.resolve("a"), "--key-type", "dsa"));
        assertTrue(err().contains("--key-type 'dsa': use ec or rsa"), err());
        err.reset();
        assertEquals(2, run("provision", "--gateway-id", "gw1", "--group", "g", "--uplink-host", "h",
                "--device", "id=m,driver=sim,csv=" + dir.resolve("missing.csv"), "--out", dir.resolve("b").toString()));
        assertTrue(err().contains("device m: register map") && err().contains("not found"), err());
    }

    @Test
    void theFilesCanBeGivenToTheServiceUserAndAnUnknownUserIsRefusedFirst() throws Exception {
        String me = System.getProperty("user.name");
        Path site = dir.resolve("site");
        assertEquals(0, provision(site, "--owner", me), err());
        assertEquals(me, Files.getOwner(site.resolve("identity/gateway.key")).getName());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(site.resolve("identity/gateway.key"))));

        err.reset();
        assertEquals(2, provision(dir.resolve("other"), "--owner", "no-such-user-tidegate"));
        assertTrue(err().contains("--owner no-such-user-tidegate: no such user"), err());
        assertFalse(Files.exists(dir.resolve("other/identity")), "nothing written for an unknown owner");
    }
}
