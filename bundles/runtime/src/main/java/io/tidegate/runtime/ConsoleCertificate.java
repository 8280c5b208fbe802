package io.tidegate.runtime;

import io.tidegate.engine.profile.ConsoleConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's HTTPS certificate, as the PKCS#12 key store Felix HTTP (Jetty) serves: either made
 * from the installer's PEM certificate and key (checked 0600 by the profile's validation), or the
 * gateway's own self-signed certificate, made once with the JDK's keytool in
 * {@code <data>/console/https/} and kept there, so browsers that were told to trust it keep trusting
 * it. {@code gateway.crt} there is the certificate to give the installer's browser or client.
 */
final class ConsoleCertificate {
    static final String FOLDER = "https";
    static final String SELF_SIGNED_STORE = "gateway.p12";
    static final String SELF_SIGNED_CERT = "gateway.crt";
    private static final String STORE_PASSWORD = "store-password";
    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN ([A-Z ]*)PRIVATE KEY-----(.*?)-----END \\1PRIVATE KEY-----", Pattern.DOTALL);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private ConsoleCertificate() {
    }

    /**
     * Felix HTTP's properties for HTTPS only: the key store, its passwords, TLS 1.2 and 1.3, and plain
     * HTTP off, so the console is never served unencrypted, not even for a moment.
     */
    static Map<String, String> httpsProperties(ConsoleConfig console, Path dataDir) throws IOException {
        Path dir = dataDir.resolve("console").resolve(FOLDER);
        ownerOnlyFolder(dataDir.resolve("console"));
        ownerOnlyFolder(dir);
        Path store;
        String password;
        if (console.selfSigned()) {
            store = dir.resolve(SELF_SIGNED_STORE);
            Path passwordFile = dir.resolve(STORE_PASSWORD);
            if (!Files.isRegularFile(store) || !Files.isRegularFile(passwordFile)) {
                makeSelfSigned(dir, console.bind());
            }
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        } else {
            store = dir.resolve("console.p12");
            password = randomPassword();
            writeStore(console.certFile(), console.keyFile(), store, password);
        }
        Map<String, String> props = new HashMap<>();
        props.put("org.apache.felix.http.enable", "false");
        props.put("org.apache.felix.https.enable", "true");
        props.put("org.osgi.service.http.port", "-1");
        props.put("org.osgi.service.http.port.secure", Integer.toString(console.port()));
        props.put("org.apache.felix.https.keystore", store.toAbsolutePath().toString());
        props.put("org.apache.felix.https.keystore.type", "PKCS12");
        props.put("org.apache.felix.https.keystore.password", password);
        props.put("org.apache.felix.https.keystore.key.password", password);
        props.put("org.apache.felix.https.jetty.protocols.included", "TLSv1.3,TLSv1.2");
        return props;
    }

    /** A key pair and a ten-year self-signed certificate naming this host, localhost and 127.0.0.1 (and the bind address). */
    private static void makeSelfSigned(Path dir, String bind) throws IOException {
        Path passwordFile = dir.resolve(STORE_PASSWORD);
        Path store = dir.resolve(SELF_SIGNED_STORE);
        Path tmpStore = dir.resolve(SELF_SIGNED_STORE + ".tmp");
        Files.deleteIfExists(tmpStore);
        writeOwnerOnly(passwordFile, randomPassword() + "\n");
        String host = hostName();
        StringBuilder san = new StringBuilder("dns:localhost,ip:127.0.0.1");
        if (!host.equals("localhost")) {
            san.append(",dns:").append(host);
        }
        if (bind.matches("[0-9.]+") && !bind.equals("0.0.0.0") && !bind.equals("127.0.0.1")) {
            san.append(",ip:").append(bind);
        }
        // The password goes by file, never on a command line others can see in ps.
        keytool("-genkeypair", "-alias", "console", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg",
                "SHA256withECDSA", "-validity", "3650", "-dname", "CN=" + host + ", O=Tidegate gateway console",
                "-ext", "SAN=" + san, "-storetype", "PKCS12", "-keystore", tmpStore.toString(),
                "-storepass:file", passwordFile.toString());
        if (POSIX) {
            Files.setPosixFilePermissions(tmpStore, PosixFilePermissions.fromString("rw-------"));
        }
        Path cert = dir.resolve(SELF_SIGNED_CERT);
        keytool("-exportcert", "-rfc", "-alias", "console", "-keystore", tmpStore.toString(), "-storepass:file",
                passwordFile.toString(), "-file", cert.toString());
        Files.move(tmpStore, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.getLogger(ConsoleCertificate.class.getName()).log(System.Logger.Level.INFO,
                "made the console''s self-signed HTTPS certificate {0} (for {1}); give it to the installers'' browsers"
                        + " to trust", cert, san);
    }

    private static void writeStore(Path certFile, Path keyFile, Path store, String password) throws IOException {
        try {
            List<Certificate> chain;
            try (var in = Files.newInputStream(certFile)) {
                chain = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            } catch (GeneralSecurityException e) {
                throw new IOException("the console certificate " + certFile + " holds no readable X.509 certificate"
                        + " (PEM expected): " + e.getMessage(), e);
            }
            if (chain.isEmpty()) {
                throw new IOException("the console certificate " + certFile + " holds no certificate (PEM expected)");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("console", privateKey(keyFile), password.toCharArray(), chain.toArray(new Certificate[0]));
            Path tmp = store.resolveSibling(store.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            writeOwnerOnly(tmp, "");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, password.toCharArray());
            }
            Files.move(tmp, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the console's key store from " + certFile + " and " + keyFile + ": "
                    + e.getMessage(), e);
        }
    }

    /** A PEM PKCS#8 key ({@code BEGIN PRIVATE KEY}) of type RSA, EC or Ed25519; errors name the file, never the key. */
    private static PrivateKey privateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = PEM_KEY.matcher(pem);
        if (!m.find()) {
            throw new IOException("the console key file " + file + " holds no PEM private key");
        }
        if (!m.group(1).isEmpty()) {
            throw new IOException("the console key file " + file + " is a '" + m.group(1).trim() + " PRIVATE KEY';"
                    + " Tidegate reads unencrypted PKCS#8 ('BEGIN PRIVATE KEY'): convert it with"
                    + " openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        try {
            for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException wrongAlgorithm) {
                    // try the next one
                }
            }
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        throw new IOException("the console key file " + file + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException("cannot make the console's self-signed certificate: no keytool in "
                    + keytool.getParent() + "; give console.certFile and console.keyFile instead");
        }
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool could not make the console's certificate: " + out.trim());
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the console's certificate", e);
        }
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.matches("[A-Za-z0-9.-]+") ? name : "localhost";
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void ownerOnlyFolder(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (POSIX) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
