package io.tidegate.console.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionsTest {
    private final AtomicLong now = new AtomicLong(0);
    private final Sessions sessions = new Sessions(Duration.ofMinutes(30), now::get);

    @Test
    void aSessionEndsAfterThirtyIdleMinutesButActivityKeepsItAlive() {
        Sessions.Session s = sessions.create(true);
        now.addAndGet(Duration.ofMinutes(29).toMillis());
        assertTrue(sessions.find(s.id).isPresent(), "29 minutes idle");
        now.addAndGet(Duration.ofMinutes(29).toMillis());
        assertTrue(sessions.find(s.id).isPresent(), "the last request restarted the clock");
        now.addAndGet(Duration.ofMinutes(31).toMillis());
        assertFalse(sessions.find(s.id).isPresent(), "31 minutes idle: ended");
    }

    @Test
    void idsAndCsrfTokensAreRandomAndDistinct() {
        Sessions.Session a = sessions.create(false);
        Sessions.Session b = sessions.create(false);
        assertNotEquals(a.id, b.id);
        assertNotEquals(a.csrfToken, b.csrfToken);
        assertNotEquals(a.id, a.csrfToken);
        assertTrue(a.id.length() >= 43, "256 bits");
    }

    @Test
    void anonymousSessionsCannotCrowdOutLoggedInOnes() {
        Sessions.Session installer = sessions.create(true);
        for (int i = 0; i < Sessions.MAX_SESSIONS * 2; i++) {
            sessions.create(false);
        }
        assertTrue(sessions.find(installer.id).isPresent());
    }
}
