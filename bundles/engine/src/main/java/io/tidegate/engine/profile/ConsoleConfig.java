package io.tidegate.engine.profile;

import java.util.Objects;

/**
 * Where the installer web console listens (the profile's optional {@code console:} section).
 *
 * @param port the TCP port; 0 turns the console off
 * @param bind the address to listen on; {@value #LOCAL_ONLY} by default, so the console is reachable
 *             only from the gateway itself (or through an SSH tunnel) until an installer opens it up
 */
public record ConsoleConfig(int port, String bind) {
    public static final String LOCAL_ONLY = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** Port 8080 on 127.0.0.1. */
    public static final ConsoleConfig DEFAULT = new ConsoleConfig(DEFAULT_PORT, LOCAL_ONLY);

    public ConsoleConfig {
        Objects.requireNonNull(bind, "bind");
    }

    public boolean enabled() {
        return port > 0;
    }
}
