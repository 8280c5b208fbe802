package io.tidegate.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a test PKI with Debian's openssl in a temp folder: a CA, a second CA nobody trusts, and
 * server and client certificates signed by either, with the subject alternative names a test
 * asks for. Keys are unencrypted PKCS#8 PEM, mode 0600, as the gateway requires.
 */
final class TestCertificates {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private final Path dir;

    TestCertificates(Path dir) throws IOException {
        if (!Files.isExecutable(OPENSSL)) {
            throw new AssertionError(OPENSSL + " is not installed: run hardware-tests/setup.sh");
        }
        this.dir = Files.createDirectories(dir);
    }

    /** A self-signed CA: {@code <name>.pem} and {@code <name>.key}. */
    Path ca(String name) throws IOException, InterruptedException {
        Path key = key(name);
        Path cert = dir.resolve(name + ".pem");
        openssl("req", "-x509", "-new", "-key", key.toString(), "-sha256", "-days", "2", "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", cert.toString());
        return cert;
    }

    /**
     * A certificate signed by {@code ca}: {@code <name>.pem} and {@code <name>.key}.
     *
     * @param san the subject alternative names, e.g. {@code IP:127.0.0.1,DNS:localhost}
     */
    Path signed(String name, Path ca, String san, boolean client) throws IOException, InterruptedException {
        Path key = key(name);
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
        Path ext = Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + san + "\n"
                + "extendedKeyUsage=" + (client ? "clientAuth" : "serverAuth") + "\n");
        String caName = ca.getFileName().toString().replace(".pem", "");
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey",
                dir.resolve(caName + ".key").toString(), "-CAcreateserial", "-days", "2", "-sha256", "-extfile",
                ext.toString(), "-out", cert.toString());
        return cert;
    }

    /** A PKCS#12 bundle of a certificate and its key, protected by the password in {@code passwordFile}. */
    Path pkcs12(Path cert, Path passwordFile) throws IOException, InterruptedException {
        Path bundle = dir.resolve(cert.getFileName().toString().replace(".pem", ".p12"));
        openssl("pkcs12", "-export", "-in", cert.toString(), "-inkey", keyOf(cert).toString(), "-out",
                bundle.toString(), "-passout", "file:" + passwordFile);
        Files.setPosixFilePermissions(bundle, PosixFilePermissions.fromString("rw-------"));
        return bundle;
    }

    Path keyOf(Path cert) {
        return dir.resolve(cert.getFileName().toString().replace(".pem", ".key"));
    }

    private Path key(String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return key;
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(OPENSSL.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl failed: " + command + "\n" + out);
        }
    }
}
