package io.tidegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The identity `tidegate provision` writes, read by a tool Tidegate did not write: OpenSSL, as a
 * utility's CA would read the CSR. Checks the signature, the subject, the URI name, the client-auth
 * usage, and that the private key file is the key the CSR carries.
 */
class ProvisionOpensslCrossCheckTest {
    @TempDir
    Path dir;

    private void provision(String... extra) throws Exception {
        Path maps = io.tidegate.engine.profile.DemoProfile.copyTo(dir.resolve("maps")).resolveSibling("demo-meter.csv");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            List<String> args = new java.util.ArrayList<>(List.of("provision", "--gateway-id", "station-07",
                    "--site", "water-north", "--uplink-host", "127.0.0.1", "--subject", "O=Utility North,C=DE",
                    "--dns", "station-07.gw.example.net", "--out", dir.toString(), "--force",
                    "--device", "id=meter,driver=sim,csv=" + maps + ",model=energy-meter"));
            args.addAll(List.of(extra));
            exit = new CommandLine(new TidegateCommand()).execute(args.toArray(new String[0]));
        } finally {
            System.setErr(saved);
        }
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    }

    private void checkWithOpenssl(String keyType) throws Exception {
        Path csr = dir.resolve("identity/gateway.csr");
        Path key = dir.resolve("identity/gateway.key");
        String text = DebianPackageTest.ok("openssl", "req", "-in", csr.toString(), "-noout", "-verify", "-text",
                "-nameopt", "RFC2253").output();
        assertTrue(text.contains("verify OK"), text);
        assertTrue(text.contains("Subject: CN=station-07,O=Utility North,C=DE")
                || text.contains("Subject: C=DE,O=Utility North,CN=station-07"), text);
        assertTrue(text.contains("URI:urn:tidegate:water-north:station-07"), text);
        assertTrue(text.contains("DNS:station-07.gw.example.net"), text);
        assertTrue(text.contains("TLS Web Client Authentication"), text);
        assertTrue(text.contains(keyType), text);

        String fromCsr = DebianPackageTest.ok("openssl", "req", "-in", csr.toString(), "-noout", "-pubkey").output();
        String fromKey = DebianPackageTest.ok("openssl", "pkey", "-in", key.toString(), "-pubout").output();
        assertEquals(fromCsr, fromKey, "gateway.key is the private half of the key in the CSR");
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void opensslAcceptsTheEcCsrAndItsKey() throws Exception {
        provision();
        checkWithOpenssl("id-ecPublicKey");
    }

    @Test
    void opensslAcceptsTheRsaCsrAndItsKey() throws Exception {
        provision("--key-type", "rsa", "--rsa-bits", "3072");
        checkWithOpenssl("rsaEncryption");
    }
}
