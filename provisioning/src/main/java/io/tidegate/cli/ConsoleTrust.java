package io.tidegate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTP client the CLI asks a gateway's console with: over HTTPS with the gateway's own
 * self-signed certificate ({@code <data>/console/https/gateway.crt}), it trusts exactly that
 * certificate, read from the gateway's data directory (which only the gateway's user can read);
 * otherwise the JVM's trusted CAs.
 */
final class ConsoleTrust {
    private ConsoleTrust() {
    }

    static HttpClient client(URI base, Path data) throws IOException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        Path certificate = data.resolve("console").resolve("https").resolve("gateway.crt");
        if ("https".equalsIgnoreCase(base.getScheme()) && Files.isRegularFile(certificate)) {
            try (InputStream in = Files.newInputStream(certificate)) {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                trust.setCertificateEntry("gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, tmf.getTrustManagers(), null);
                builder.sslContext(tls);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot read the gateway's console certificate " + certificate + ": "
                        + e.getMessage(), e);
            }
        }
        return builder.build();
    }
}
