package io.tidegate.uplink.mqtt.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory of the edge node from {@link TlsSettings}: TLS 1.2 or 1.3 only, the
 * broker verified against the configured CA file (or the system trust store), and the client's
 * certificate and key for mutual TLS. Built at each connect, so renewed certificates are picked up
 * without a restart. Errors name the file and what is wrong with it, never a key or a password.
 */
final class TlsSocketFactory {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN ([A-Z ]*)PRIVATE KEY-----(.*?)-----END \\1PRIVATE KEY-----", Pattern.DOTALL);

    private TlsSocketFactory() {
    }

    static SSLSocketFactory create(TlsSettings tls) throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(tls.caFile() == null ? null : trustStore(tls.caFile()));
            KeyManagerFactory keys = null;
            if (tls.keyFile() != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] password = tls.keyPasswordFile() == null ? new char[0]
                        : SecretFiles.readPassword(tls.keyPasswordFile(), "key password file");
                try {
                    keys.init(tls.isPkcs12() ? pkcs12(tls.keyFile(), password) : pemKeyStore(tls, password), password);
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return new ProtocolLimited(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(Path caFile) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> cas = certificates(caFile, "CA file");
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate ca : cas) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        return store;
    }

    private static Collection<? extends Certificate> certificates(Path file, String what)
            throws IOException, GeneralSecurityException {
        byte[] bytes = read(file, what);
        Collection<? extends Certificate> certs;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("the " + what + " " + file + " holds no readable X.509 certificate (PEM expected): "
                    + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IOException("the " + what + " " + file + " holds no certificate (PEM expected)");
        }
        return certs;
    }

    private static KeyStore pemKeyStore(TlsSettings tls, char[] password) throws IOException, GeneralSecurityException {
        if (tls.certFile() == null) {
            throw new IOException("the client key " + tls.keyFile() + " needs its certificate: set certFile");
        }
        SecretFiles.checkOwnerOnly(tls.keyFile(), "client key file");
        PrivateKey key = privateKey(tls.keyFile());
        List<Certificate> chain = new ArrayList<>(certificates(tls.certFile(), "client certificate file"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
        return store;
    }

    private static KeyStore pkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
        SecretFiles.checkOwnerOnly(file, "client key file");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new ByteArrayInputStream(read(file, "client key file"))) {
            store.load(in, password);
        } catch (IOException e) {
            throw new IOException("cannot open the PKCS#12 file " + file + " (wrong keyPasswordFile, or not PKCS#12)", e);
        }
        return store;
    }

    /** A PEM PKCS#8 key ({@code BEGIN PRIVATE KEY}) of type RSA, EC or Ed25519. */
    private static PrivateKey privateKey(Path file) throws IOException {
        String pem = new String(read(file, "client key file"), StandardCharsets.US_ASCII);
        Matcher m = PEM_KEY.matcher(pem);
        if (!m.find()) {
            throw new IOException("the client key file " + file + " holds no PEM private key");
        }
        if (!m.group(1).isEmpty()) {
            throw new IOException("the client key file " + file + " is a '" + m.group(1).trim() + " PRIVATE KEY'; "
                    + "Tidegate reads unencrypted PKCS#8 ('BEGIN PRIVATE KEY'): convert it with "
                    + "openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key, or use a PKCS#12 bundle");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        try {
            for (String algorithm : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException wrongAlgorithm) {
                    // try the next one
                }
            }
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        throw new IOException("the client key file " + file + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }

    private static byte[] read(Path file, String what) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read the " + what + " " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** Offers TLS 1.3 and 1.2 only, whatever else the JVM still allows. */
    private static final class ProtocolLimited extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        ProtocolLimited(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private Socket limit(Socket socket) {
            if (socket instanceof SSLSocket ssl) {
                List<String> supported = Arrays.asList(ssl.getSupportedProtocols());
                ssl.setEnabledProtocols(Arrays.stream(PROTOCOLS).filter(supported::contains).toArray(String[]::new));
            }
            return socket;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return limit(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return limit(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return limit(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return limit(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return limit(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return limit(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
