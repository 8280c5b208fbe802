package io.tidegate.console.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHashTest {

    @Test
    void theRightPasswordMatchesAndAnyOtherDoesNot() {
        String stored = PasswordHash.hash("correct horse".toCharArray());

        assertTrue(PasswordHash.verify("correct horse".toCharArray(), stored));
        assertFalse(PasswordHash.verify("correct hors".toCharArray(), stored));
        assertFalse(PasswordHash.verify("Correct horse".toCharArray(), stored));
        assertFalse(PasswordHash.verify(new char[0], stored));
    }

    @Test
    void eachHashHasItsOwnSaltAndTheSlowIterationCount() {
        String a = PasswordHash.hash("same password".toCharArray());
        String b = PasswordHash.hash("same password".toCharArray());

        assertNotEquals(a, b, "salted: equal passwords give different hashes");
        assertEquals(210_000, PasswordHash.iterations(a));
        assertTrue(a.startsWith("pbkdf2-sha256$210000$"), a);
        assertFalse(a.contains("same password"));
    }
}
