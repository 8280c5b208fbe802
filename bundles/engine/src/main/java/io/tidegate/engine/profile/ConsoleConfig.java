package io.tidegate.engine.profile;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the installer web console listens (the profile's optional {@code console:} section).
 *
 * @param port     the TCP port; 0 turns the console off
 * @param bind     the address to listen on; {@value #LOCAL_ONLY} by default, so the console is reachable
 *                 only from the gateway itself (or through an SSH tunnel) until an installer opens it up
 * @param https    serve HTTPS only (no plain HTTP beside it)
 * @param certFile with https: the PEM certificate (chain) to serve, or null for the gateway's own
 *                 self-signed certificate, made once in the data directory
 * @param keyFile  with certFile: its PEM PKCS#8 private key, readable by its owner only
 */
public record ConsoleConfig(int port, String bind, boolean https, Path certFile, Path keyFile) {
    public static final String LOCAL_ONLY = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** Port 8080 on 127.0.0.1. */
    public static final ConsoleConfig DEFAULT = new ConsoleConfig(DEFAULT_PORT, LOCAL_ONLY);

    public ConsoleConfig {
        Objects.requireNonNull(bind, "bind");
        if (!https && (certFile != null || keyFile != null)) {
            throw new IllegalArgumentException("certFile and keyFile are for https");
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("certFile and keyFile go together");
        }
    }

    /** Plain HTTP. */
    public ConsoleConfig(int port, String bind) {
        this(port, bind, false, null, null);
    }

    public boolean enabled() {
        return port > 0;
    }

    /** HTTPS with the gateway's own self-signed certificate. */
    public boolean selfSigned() {
        return https && certFile == null;
    }
}
