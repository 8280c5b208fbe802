package io.tidegate.console.internal;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The console's secrets, in {@code <data>/console/}, each file readable by the gateway's user only:
 * <ul>
 *   <li>{@code password}: the installer password's PBKDF2 hash; absent until first-run setup;</li>
 *   <li>{@code setup-token}: the one-time token that allows setting the first password; written
 *       (and logged) while no password is set, deleted once it is used;</li>
 *   <li>{@code api-token}: a read-only bearer token for scripts, the {@code tidegate status} CLI
 *       and Prometheus, who run on the gateway or are given it by its administrator.</li>
 * </ul>
 * There is no default password: until the setup token is used, nobody can log in.
 */
final class Credentials {
    static final int MIN_PASSWORD_LENGTH = 10;
    private static final Logger LOG = System.getLogger(Credentials.class.getName());

    private final Path passwordFile;
    private final Path setupTokenFile;
    private final Path apiTokenFile;
    private volatile String passwordHash;
    private volatile String setupToken;
    private final String apiToken;

    private Credentials(Path dir, String passwordHash, String setupToken, String apiToken) {
        this.passwordFile = dir.resolve("password");
        this.setupTokenFile = dir.resolve("setup-token");
        this.apiTokenFile = dir.resolve("api-token");
        this.passwordHash = passwordHash;
        this.setupToken = setupToken;
        this.apiToken = apiToken;
    }

    /** Reads the console's folder, creating the setup and API tokens that are missing. */
    static Credentials open(Path dir) throws IOException {
        SecretFiles.createFolder(dir);
        String hash = SecretFiles.read(dir.resolve("password")).orElse(null);
        String setup = null;
        if (hash == null) {
            setup = SecretFiles.read(dir.resolve("setup-token")).orElse(null);
            if (setup == null) {
                setup = SecretFiles.randomToken();
                SecretFiles.write(dir.resolve("setup-token"), setup + "\n");
            }
            // The one secret that is logged, on purpose: it is how the installer proves to be at the
            // gateway's console or log, it allows nothing but setting the first password, and it
            // stops working the moment that is done.
            LOG.log(Level.WARNING, "CONSOLE SETUP: no console password is set. Open the console and set one with"
                    + " the one-time setup token {0} (also in {1}, readable by this user only)", setup,
                    dir.resolve("setup-token"));
        } else {
            Files.deleteIfExists(dir.resolve("setup-token"));
        }
        String api = SecretFiles.read(dir.resolve("api-token")).orElse(null);
        if (api == null) {
            api = SecretFiles.randomToken();
            SecretFiles.write(dir.resolve("api-token"), api + "\n");
        }
        return new Credentials(dir, hash, setup, api);
    }

    boolean setupRequired() {
        return passwordHash == null;
    }

    /**
     * Sets the first password with the one-time setup token.
     *
     * @throws IllegalArgumentException saying what is wrong (token, password rules); nothing changed then
     */
    synchronized void setUp(String token, char[] password) throws IOException {
        if (passwordHash != null || setupToken == null) {
            throw new IllegalStateException("the console password is already set; log in instead");
        }
        if (token == null || !constantTimeEquals(token.trim(), setupToken)) {
            throw new IllegalArgumentException("the setup token is wrong: copy it from the gateway's log or from "
                    + setupTokenFile);
        }
        checkRules(password);
        String hash = PasswordHash.hash(password);
        SecretFiles.write(passwordFile, hash + "\n");
        passwordHash = hash;
        setupToken = null;
        Files.deleteIfExists(setupTokenFile);
        LOG.log(Level.INFO, "console password set; the setup token is used up");
    }

    boolean checkPassword(char[] password) {
        String hash = passwordHash;
        return hash != null && PasswordHash.verify(password, hash);
    }

    boolean isApiToken(String token) {
        return token != null && constantTimeEquals(token, apiToken);
    }

    Path apiTokenFile() {
        return apiTokenFile;
    }

    Path setupTokenFile() {
        return setupTokenFile;
    }

    private static void checkRules(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("the password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (new String(password).isBlank()) {
            throw new IllegalArgumentException("the password cannot be only spaces");
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
