package io.tidegate.runtime;

import java.util.logging.LogManager;

/**
 * java.util.logging closes every handler from its own shutdown hook, racing the gateway's hook, so
 * the lines that say NDEATH was sent and the store closed would vanish. This manager ignores only
 * that cleaner's reset; the JVM flushes and exits right after anyway.
 */
public final class ShutdownSafeLogManager extends LogManager {
    private static final String JUL_CLEANER = "java.util.logging.LogManager$Cleaner";

    @Override
    public void reset() {
        if (!Thread.currentThread().getClass().getName().equals(JUL_CLEANER)) {
            super.reset();
        }
    }
}
