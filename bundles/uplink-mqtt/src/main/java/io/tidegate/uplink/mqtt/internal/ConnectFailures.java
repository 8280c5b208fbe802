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
        return credentialsRefused(e) || notMqtt5(e);
    }

    /** The broker refused the CONNECT for its user name, password or authorisation: 3.1.1 codes 4 and 5, MQTT 5 0x86 and 0x87. */
    static boolean credentialsRefused(Throwable e) {
        if (e instanceof MqttException m) {
            return m.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || m.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED;
        }
        int code = mqtt5Code(e);
        return code == Mqtt5ReasonCodes.BAD_USER_NAME_OR_PASSWORD || code == Mqtt5ReasonCodes.NOT_AUTHORIZED;
    }

    /**
     * The broker's MQTT 5 reason code (0x80..0xFF, a CONNACK's say) behind an MQTT 5 client
     * exception, or -1: Paho's own codes (32000 and up) describe the client's view, not the broker's.
     */
    private static int mqtt5Code(Throwable e) {
        int code = e instanceof org.eclipse.paho.mqttv5.common.MqttException m ? m.getReasonCode() : -1;
        return code >= 0x80 && code <= 0xFF ? code : -1;
    }

    /**
     * The broker refused MQTT 5 (0x84 Unsupported Protocol Version), or answered with a code MQTT 5
     * does not have: a 3.1.1-only broker's CONNACK "unacceptable protocol version" (0x01).
     */
    private static boolean notMqtt5(Throwable e) {
        return mqtt5Code(e) == 0x84 || e instanceof org.eclipse.paho.mqttv5.common.MqttException m
                && m.getReasonCode() == org.eclipse.paho.mqttv5.common.MqttException.REASON_CODE_INVALID_RETURN_CODE;
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
        if (credentialsRefused(e)) {
            return "the broker refused the user name or password (" + reason(e) + ")";
        }
        if (notMqtt5(e)) {
            return "the broker does not speak MQTT 5 (" + reason(e) + "); set uplink mqttVersion: 3.1.1";
        }
        if (mqtt5Code(e) > 0) {
            return "the broker refused the connection (" + reason(e) + ")";
        }
        return message(e);
    }

    /** The exception's message with its cause's, never just "MqttException". */
    static String message(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null
                ? message + " (" + e.getCause().getMessage() + ")" : message;
    }

    /** The broker's own words: the MQTT 5 reason code's name, or the 3.1.1 client's message. */
    private static String reason(Throwable e) {
        int code = mqtt5Code(e);
        return code >= 0x80 ? Mqtt5ReasonCodes.describe(code) : message(e);
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
