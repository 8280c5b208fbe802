package io.tidegate.uplink.mqtt.internal;

import java.nio.file.Path;

/**
 * How the edge node secures its connection to the broker.
 *
 * @param caFile          PEM file of the CA certificate(s) the broker's certificate must chain to;
 *                        null means the JVM's system trust store
 * @param certFile        PEM client certificate (chain) for mutual TLS, or null
 * @param keyFile         the client's private key: a PEM PKCS#8 file (with certFile), or a PKCS#12
 *                        bundle ({@code .p12}/{@code .pfx}, holding certificate and key); null for none.
 *                        Must be readable by its owner only.
 * @param keyPasswordFile file holding the PKCS#12 bundle's password, or null for a bundle without one
 * @param verifyHostname  whether the broker's certificate must name the host connected to (on by default)
 */
record TlsSettings(Path caFile, Path certFile, Path keyFile, Path keyPasswordFile, boolean verifyHostname) {

    /** TLS against the system trust store, with hostname verification and no client certificate. */
    static final TlsSettings SYSTEM_TRUST = new TlsSettings(null, null, null, null, true);

    boolean isPkcs12() {
        String name = keyFile == null ? "" : keyFile.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    /** Names the files, never their contents. */
    @Override
    public String toString() {
        return "TLS (trust " + (caFile == null ? "system store" : caFile)
                + (keyFile == null ? "" : ", client key " + keyFile)
                + (verifyHostname ? "" : ", hostname NOT verified") + ")";
    }
}
