package io.tidegate.driver.opcua.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The server certificates in the gateway's OPC UA folder, for installers: those refused (waiting
 * for review) and those trusted. Trusting moves a certificate file from pki/rejected to
 * pki/trusted/certs; a running gateway watches that folder and uses it on its next connection
 * attempt. Plain JDK only, so the CLI works without a running gateway.
 */
public final class CertificateFolder {
    private final Path rejectedDir;
    private final Path trustedDir;

    /** One certificate file and what an installer needs to decide about it. */
    public record Entry(Path file, String thumbprint, String subject, String applicationUri, Instant notBefore,
                        Instant notAfter) {
    }

    /** @param dir the gateway's OPC UA folder (data directory/opcua) */
    public CertificateFolder(Path dir) {
        this.rejectedDir = dir.resolve("pki").resolve("rejected");
        this.trustedDir = dir.resolve("pki").resolve("trusted").resolve("certs");
    }

    public List<Entry> rejected() throws IOException {
        return entries(rejectedDir);
    }

    public List<Entry> trusted() throws IOException {
        return entries(trustedDir);
    }

    /**
     * Trusts the rejected certificate whose thumbprint starts with the given hex (at least 8 digits).
     *
     * @return the trusted certificate
     * @throws IllegalArgumentException when no rejected certificate, or more than one, matches
     */
    public Entry trust(String thumbprintPrefix) throws IOException {
        String prefix = thumbprintPrefix.toLowerCase(Locale.ROOT).replace(":", "");
        if (prefix.length() < 8 || !prefix.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("give at least the first 8 hex digits of the thumbprint, as "
                    + "'tidegate opcua certs list' shows it");
        }
        List<Entry> matches = rejected().stream().filter(e -> e.thumbprint().startsWith(prefix)).toList();
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no rejected certificate has a thumbprint starting " + prefix
                    + " in " + rejectedDir);
        }
        if (matches.size() > 1) {
            throw new IllegalArgumentException(matches.size() + " rejected certificates match " + prefix
                    + "; give more digits");
        }
        Entry entry = matches.get(0);
        Files.createDirectories(trustedDir);
        Path target = trustedDir.resolve(entry.file().getFileName());
        Files.move(entry.file(), target, StandardCopyOption.REPLACE_EXISTING);
        return new Entry(target, entry.thumbprint(), entry.subject(), entry.applicationUri(), entry.notBefore(),
                entry.notAfter());
    }

    private static List<Entry> entries(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(in);
                    out.add(new Entry(file, thumbprint(c), subject(c), uri(c),
                            c.getNotBefore().toInstant(), c.getNotAfter().toInstant()));
                } catch (GeneralSecurityException e) {
                    // not a certificate (a stray file): not listed
                }
            }
        }
        return out;
    }

    /** The OPC UA thumbprint: SHA-1 of the DER encoding, lower-case hex. */
    public static String thumbprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The subject without the empty attributes many OPC UA tools write (C=, ST=, ...), e.g. "CN=PLC1, O=Acme". */
    private static String subject(X509Certificate c) {
        String rfc2253 = c.getSubjectX500Principal().getName();
        List<String> parts = new ArrayList<>();
        for (String part : rfc2253.split("(?<!\\\\),")) {
            if (!part.endsWith("=")) {
                parts.add(part);
            }
        }
        return String.join(", ", parts);
    }

    private static String uri(X509Certificate c) {
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> san : c.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(6).equals(san.get(0))) {
                        return String.valueOf(san.get(1));
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            // no readable SAN
        }
        return "";
    }
}
