package io.tidegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The installer's certificate workflow: list what the gateway refused, trust one by its thumbprint. */
class OpcUaCommandTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final CapturedStreams streams = new CapturedStreams();
    private final ByteArrayOutputStream out = streams.out;
    private final ByteArrayOutputStream err = streams.err;

    private int run(String... args) {
        return new CommandLine(new TidegateCommand()).execute(args);
    }

    @Test
    void listsARefusedServerCertificateAndTrustsItByThumbprint() throws Exception {
        KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate cert = new SelfSignedCertificateBuilder(keys).setCommonName("PLC1").setOrganization("Acme")
                .setApplicationUri("urn:acme:plc1").build();
        String thumbprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
        Path rejected = dir.resolve("opcua/pki/rejected");
        Files.createDirectories(rejected);
        Files.write(rejected.resolve("plc1.der"), cert.getEncoded());

        assertEquals(0, run("opcua", "certs", "list", "--data", dir.toString()));
        String listed = out.toString(StandardCharsets.UTF_8);
        assertTrue(listed.contains("rejected (not trusted; review, then: tidegate opcua certs trust THUMBPRINT): 1"),
                listed);
        assertTrue(listed.contains(thumbprint + "  O=Acme, CN=PLC1"), listed);
        assertTrue(listed.contains("application URI urn:acme:plc1"), listed);
        assertTrue(listed.contains("trusted: 0"), listed);

        assertEquals(1, run("opcua", "certs", "trust", "0000", "--data", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("at least the first 8 hex digits"));

        assertEquals(0, run("opcua", "certs", "trust", thumbprint.substring(0, 8), "--data", dir.toString()));
        assertFalse(Files.exists(rejected.resolve("plc1.der")), "no longer waiting for review");
        assertTrue(Files.exists(dir.resolve("opcua/pki/trusted/certs/plc1.der")), "where the gateway trusts it");
    }

    @Test
    void browsingAServerThatDoesNotAnswerSaysSo() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertEquals(1, run("opcua", "browse", "opc.tcp://127.0.0.1:" + port, "--data", dir.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no answer to endpoint discovery at opc.tcp://127.0.0.1:"
                + port), err.toString(StandardCharsets.UTF_8));
    }
}
