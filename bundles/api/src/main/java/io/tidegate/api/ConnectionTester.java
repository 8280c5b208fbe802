package io.tidegate.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Tries a connection to an upstream broker with settings an installer is about to use, and says
 * what failed in words the installer can act on. Registered by an uplink bundle as an OSGi service;
 * the console references it optionally. A test never touches the running uplink's session: it uses
 * its own client id, no Will, and disconnects at once.
 */
public interface ConnectionTester {

    /** Tries one connection; never throws for a failed attempt, the result says what went wrong. */
    Result test(Target target);

    /**
     * What to connect to.
     *
     * @param host           broker host name or address
     * @param port           broker port
     * @param tls            whether to use TLS
     * @param username       MQTT user name, or empty for none
     * @param password       MQTT password typed by the installer, or null; wiped by the tester after use
     * @param passwordFile   file holding the password (owner-only, as the uplink reads it), or empty
     * @param caFile         PEM CA file the broker's certificate must chain to, or empty for the system store
     * @param certFile       PEM client certificate for mutual TLS, or empty
     * @param keyFile        client key (PEM PKCS#8 or PKCS#12 .p12/.pfx, owner-only), or empty
     * @param keyPasswordFile file holding the PKCS#12 password, or empty
     * @param verifyHostname whether the broker's certificate must name the host
     * @param timeout        how long the attempt may take in all
     */
    record Target(String host, int port, boolean tls, String username, char[] password, String passwordFile,
                  String caFile, String certFile, String keyFile, String keyPasswordFile, boolean verifyHostname,
                  Duration timeout) {
        public Target {
            Objects.requireNonNull(host, "host");
            username = username == null ? "" : username;
            passwordFile = passwordFile == null ? "" : passwordFile;
            caFile = caFile == null ? "" : caFile;
            certFile = certFile == null ? "" : certFile;
            keyFile = keyFile == null ? "" : keyFile;
            keyPasswordFile = keyPasswordFile == null ? "" : keyPasswordFile;
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        }

        /** Names the broker and the user, never the password. */
        @Override
        public String toString() {
            return (tls ? "ssl://" : "tcp://") + host + ":" + port + (username.isEmpty() ? "" : " as " + username);
        }
    }

    /** How an attempt ended. */
    enum Outcome {
        /** The broker accepted the MQTT CONNECT. */
        CONNECTED,
        /** No TCP connection: host unknown, refused, or no answer within the timeout. */
        UNREACHABLE,
        /** TLS: the broker's certificate does not chain to a trusted CA. */
        TLS_NOT_TRUSTED,
        /** TLS: the broker's certificate does not name the host connected to. */
        TLS_WRONG_HOST,
        /** TLS failed otherwise (protocol, client certificate refused). */
        TLS_FAILED,
        /** The broker refused the user name or password, or the client is not authorised. */
        BAD_CREDENTIALS,
        /** The settings themselves are unusable: a missing or unreadable file, a key readable by others. */
        BAD_SETTINGS,
        /** Anything else, e.g. the broker closed the connection. */
        FAILED
    }

    /**
     * @param outcome what happened
     * @param message one sentence for the installer, naming files and hosts, never a secret
     * @param millis  how long the attempt took
     */
    record Result(Outcome outcome, String message, long millis) {
        public boolean connected() {
            return outcome == Outcome.CONNECTED;
        }
    }
}
