package io.tidegate.driver.opcua.internal;

import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Registers the Bouncy Castle JCE provider this bundle embeds: Milo asks for algorithm names only
 * it provides (SHA256withRSA/PSS for Aes256_Sha256_RsaPss). The driver removes it again when it
 * stops, so a restarted bundle never leaves a provider from a dead class loader behind.
 */
final class BouncyCastle {
    private static boolean registeredByUs;

    private BouncyCastle() {
    }

    static synchronized void register() {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
            registeredByUs = true;
        }
    }

    static synchronized void unregister() {
        if (registeredByUs) {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
            registeredByUs = false;
        }
    }
}
