package io.tidegate.uplink.mqtt.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Turns a failed connection attempt into a message an installer can act on: a TLS refusal says
 * whether the broker's certificate was not trusted or did not name the host, instead of Paho's
 * bare "MqttException (0)".
 */
final class ConnectFailures {
    private ConnectFailures() {
    }

    /** True when the attempt failed before an MQTT CONNECT could reach the broker. */
    static boolean neverReachedBroker(Throwable e) {
        return find(e, ConnectException.class) != null || find(e, SSLException.class) != null
                || find(e, UnknownHostException.class) != null;
    }

    /** True for failures that retrying will not cure: TLS trust, hostname, key or password files. */
    static boolean needsInstaller(Throwable e) {
        if (e instanceof IOException && !(e instanceof SSLException)) {
            return true; // our own TLS or secret-file setup
        }
        if (find(e, SSLException.class) != null) {
            return true;
        }
        return e instanceof MqttException m && (m.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || m.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED);
    }

    static String describe(Throwable e, EdgeNodeSettings settings) {
        SSLException ssl = find(e, SSLException.class);
        if (ssl != null) {
            String detail = ssl.getMessage() == null ? ssl.getClass().getSimpleName() : ssl.getMessage();
            if (find(e, CertPathValidatorException.class) != null || detail.contains("PKIX")
                    || detail.contains("unable to find valid certification path")) {
                return "TLS refused: the broker's certificate is not signed by a trusted CA ("
                        + (settings.tls() == null || settings.tls().caFile() == null ? "system trust store"
                        : "caFile " + settings.tls().caFile()) + "): " + detail;
            }
            if (find(e, CertificateException.class) != null && (detail.contains("subject alternative")
                    || detail.contains("No name matching") || detail.contains("No subject"))) {
                return "TLS refused: the broker's certificate does not name the host connected to "
                        + "(hostname verification): " + detail;
            }
            if (ssl instanceof SSLHandshakeException) {
                return "TLS handshake with the broker failed: " + detail;
            }
            return "TLS error: " + detail;
        }
        if (e instanceof MqttException m) {
            if (m.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || m.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED) {
                return "the broker refused the user name or password (" + m.getMessage() + ")";
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null
                ? message + " (" + e.getCause().getMessage() + ")" : message;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
