package io.tidegate.console.internal;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Browser sessions: a random 256-bit id in an HttpOnly, SameSite=Strict cookie, and a CSRF token
 * the page sends back in a header with every state-changing request. A session ends after a period
 * without requests. A visitor gets an anonymous session first (so that even the login and setup
 * forms carry a CSRF token); logging in replaces it with a new one, so an id planted before login
 * is worth nothing after it.
 */
final class Sessions {
    static final int MAX_SESSIONS = 1_000;

    /** One session; {@code lastSeen} moves with every request. */
    static final class Session {
        final String id;
        final String csrfToken;
        final boolean authenticated;
        volatile long lastSeen;

        Session(String id, String csrfToken, boolean authenticated, long now) {
            this.id = id;
            this.csrfToken = csrfToken;
            this.authenticated = authenticated;
            this.lastSeen = now;
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final long timeoutMillis;
    private final LongSupplier clock;

    Sessions(Duration timeout, LongSupplier clock) {
        this.timeoutMillis = timeout.toMillis();
        this.clock = clock;
    }

    Session create(boolean authenticated) {
        long now = clock.getAsLong();
        if (sessions.size() >= MAX_SESSIONS) {
            expire(now);
            if (sessions.size() >= MAX_SESSIONS) {
                // Anonymous sessions are free to make; never let them crowd out memory.
                sessions.values().removeIf(s -> !s.authenticated);
            }
        }
        Session session = new Session(SecretFiles.randomToken(), SecretFiles.randomToken(), authenticated, now);
        sessions.put(session.id, session);
        return session;
    }

    /** The live session with this id, its idle timer restarted; empty when unknown or timed out. */
    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        long now = clock.getAsLong();
        if (session == null) {
            return Optional.empty();
        }
        if (now - session.lastSeen > timeoutMillis) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.lastSeen = now;
        return Optional.of(session);
    }

    void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    long timeoutSeconds() {
        return timeoutMillis / 1000;
    }

    private void expire(long now) {
        for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastSeen > timeoutMillis) {
                it.remove();
            }
        }
    }
}
