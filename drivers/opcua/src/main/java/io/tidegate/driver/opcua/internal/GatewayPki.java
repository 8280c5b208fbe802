package io.tidegate.driver.opcua.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Period;
import java.util.Base64;
import java.util.Locale;
import org.eclipse.milo.opcua.stack.core.security.DefaultTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The gateway's OPC UA certificates, all under one folder of the data directory:
 * <pre>
 * own/gateway.der   the application instance certificate (created on first start)
 * own/gateway.key   its private key, PKCS#8 PEM, readable by the gateway's user only
 * pki/trusted/certs server certificates an installer trusted
 * pki/issuers/certs CA certificates that may sign server certificates
 * pki/rejected      server certificates refused because nobody trusted them yet
 * </pre>
 * A refused server certificate lands in pki/rejected; {@code tidegate opcua certs trust} moves it
 * to pki/trusted/certs, and the running gateway picks it up on its next connection attempt.
 */
public final class GatewayPki implements AutoCloseable {
    public static final String PRODUCT_URI = "urn:tidegate:gateway";

    private final Path dir;
    private final String applicationUri;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final DefaultTrustListManager trustList;

    private GatewayPki(Path dir, String applicationUri, KeyPair keyPair, X509Certificate certificate,
                       DefaultTrustListManager trustList) {
        this.dir = dir;
        this.applicationUri = applicationUri;
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.trustList = trustList;
    }

    /**
     * Opens the folder, creating the gateway's certificate on first use.
     *
     * @throws IOException when the folder cannot be written or the stored key cannot be read
     */
    public static GatewayPki open(Path dir) throws IOException {
        BouncyCastle.register();
        Path own = dir.resolve("own");
        Files.createDirectories(own);
        Path certFile = own.resolve("gateway.der");
        Path keyFile = own.resolve("gateway.key");
        KeyPair keyPair;
        X509Certificate certificate;
        try {
            if (Files.exists(certFile) && Files.exists(keyFile)) {
                certificate = readCertificate(certFile);
                keyPair = new KeyPair(certificate.getPublicKey(), readKey(keyFile));
            } else {
                String host = hostName();
                keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
                certificate = new SelfSignedCertificateBuilder(keyPair)
                        .setCommonName("Tidegate gateway " + host)
                        .setOrganization("Tidegate")
                        .setApplicationUri(applicationUri(host))
                        .addDnsName(host)
                        .setValidityPeriod(Period.ofYears(10))
                        .build();
                writeKey(keyFile, keyPair.getPrivate());
                Files.write(certFile, certificate.getEncoded());
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("OPC UA application certificate in " + own + ": " + e.getMessage(), e);
        }
        String uri = uriOf(certificate);
        DefaultTrustListManager trustList = new DefaultTrustListManager(dir.resolve("pki").toFile());
        return new GatewayPki(dir, uri, keyPair, certificate, trustList);
    }

    /** The application URI: the certificate's, so the two always agree. */
    public String applicationUri() {
        return applicationUri;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public DefaultTrustListManager trustList() {
        return trustList;
    }

    public Path dir() {
        return dir;
    }

    public Path rejectedDir() {
        return dir.resolve("pki").resolve("rejected");
    }

    /** True when this certificate (DER bytes, as an endpoint carries it) waits in the rejected folder. */
    public boolean isRejected(org.eclipse.milo.opcua.stack.core.types.builtin.ByteString certificateBytes) {
        if (certificateBytes == null || certificateBytes.isNull()) {
            return false;
        }
        try {
            X509Certificate presented = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(certificateBytes.bytesOrEmpty()));
            String thumbprint = CertificateFolder.thumbprint(presented);
            return new CertificateFolder(dir).rejected().stream().anyMatch(e -> e.thumbprint().equals(thumbprint));
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    public Path trustedDir() {
        return dir.resolve("pki").resolve("trusted").resolve("certs");
    }

    @Override
    public void close() {
        try {
            trustList.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String applicationUri(String host) {
        return "urn:" + host + ":tidegate:gateway";
    }

    private static String uriOf(X509Certificate certificate) {
        try {
            if (certificate.getSubjectAlternativeNames() != null) {
                for (var san : certificate.getSubjectAlternativeNames()) {
                    if (((Integer) san.get(0)) == 6) { // uniformResourceIdentifier
                        return (String) san.get(1);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            // fall through
        }
        return applicationUri(hostName());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** Reads an unencrypted PKCS#8 private key, PEM or DER; RSA or EC. */
    static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN")) {
            if (!text.contains("BEGIN PRIVATE KEY")) {
                throw new GeneralSecurityException(file + " is not an unencrypted PKCS#8 key (BEGIN PRIVATE KEY); "
                        + "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file);
            }
            String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            bytes = Base64.getDecoder().decode(base64);
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(bytes);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }

    private static void writeKey(Path file, PrivateKey key) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
