package io.tidegate.console.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialsTest {
    @TempDir
    Path dir;

    @Test
    void firstRunHasNoPasswordOnlyAOneTimeTokenInAnOwnerOnlyFile() throws Exception {
        Credentials credentials = Credentials.open(dir.resolve("console"));

        assertTrue(credentials.setupRequired());
        assertFalse(credentials.checkPassword("".toCharArray()), "no default password");
        Path token = dir.resolve("console/setup-token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("console"))));
        assertEquals(Files.readString(token), Files.readString(Credentials.open(dir.resolve("console")).setupTokenFile()),
                "a restart before setup keeps the same token");
    }

    @Test
    void theTokenSetsThePasswordOnceAndTheHashSurvivesARestart() throws Exception {
        Credentials credentials = Credentials.open(dir.resolve("console"));
        String token = Files.readString(dir.resolve("console/setup-token")).trim();

        assertThrows(IllegalArgumentException.class, () -> credentials.setUp("wrong", "long enough pw".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> credentials.setUp(token, "short".toCharArray()));
        assertTrue(credentials.setupRequired(), "nothing changed by refused attempts");
        credentials.setUp(token, "long enough pw".toCharArray());

        assertFalse(Files.exists(dir.resolve("console/setup-token")));
        assertThrows(IllegalStateException.class, () -> credentials.setUp(token, "another password".toCharArray()));
        Credentials restarted = Credentials.open(dir.resolve("console"));
        assertFalse(restarted.setupRequired());
        assertTrue(restarted.checkPassword("long enough pw".toCharArray()));
        assertFalse(restarted.checkPassword("long enough pW".toCharArray()));
        assertFalse(Files.exists(dir.resolve("console/setup-token")), "no new token once a password is set");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("console/password"))));
    }

    @Test
    void theApiTokenIsStableAcrossRestarts() throws Exception {
        Credentials.open(dir.resolve("console"));
        String api = Files.readString(dir.resolve("console/api-token")).trim();

        assertTrue(Credentials.open(dir.resolve("console")).isApiToken(api));
        assertFalse(Credentials.open(dir.resolve("console")).isApiToken(api + "x"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("console/api-token"))));
    }
}
