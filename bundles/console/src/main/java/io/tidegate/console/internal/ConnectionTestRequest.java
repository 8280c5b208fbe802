package io.tidegate.console.internal;

import io.tidegate.api.ConnectionTester;

import javax.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The "test connection" form ({@code POST /api/uplink/test}) read into a {@link ConnectionTester.Target};
 * a wrong field is reported by name, so the page shows the error next to it.
 */
final class ConnectionTestRequest {
    /** A form field that is wrong, and why. */
    static final class FieldException extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        FieldException(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    private ConnectionTestRequest() {
    }

    static ConnectionTester.Target read(HttpServletRequest req, Predicate<String> passwordFileAllowed)
            throws FieldException {
        String host = text(req, "host");
        if (host.isEmpty()) {
            throw new FieldException("host", "give the broker's host name or address");
        }
        if (host.contains("://") || host.contains("/") || host.contains(" ")) {
            throw new FieldException("host", "'" + host + "' is not a host: give the name or address only, e.g."
                    + " broker.example.com; the port goes in port");
        }
        boolean tls = flag(req, "tls", false);
        String portText = text(req, "port");
        int port;
        try {
            port = portText.isEmpty() ? (tls ? 8883 : 1883) : Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw new FieldException("port", "'" + portText + "' is not a port; use 1-65535 (1883 for MQTT, 8883 for"
                    + " MQTT over TLS)");
        }
        String timeoutText = text(req, "timeoutSeconds");
        int timeout;
        try {
            timeout = timeoutText.isEmpty() ? 10 : Integer.parseInt(timeoutText);
        } catch (NumberFormatException e) {
            timeout = -1;
        }
        if (timeout < 1 || timeout > 60) {
            throw new FieldException("timeoutSeconds", "'" + timeoutText + "': give 1 to 60 seconds");
        }
        String passwordFile = text(req, "passwordFile");
        if (!passwordFile.isEmpty() && !passwordFileAllowed.test(passwordFile)) {
            // The file's content is sent to the host above: any readable file would leave the gateway.
            throw new FieldException("passwordFile", "name the running uplink's password file or one in the"
                    + " secrets folder next to the site profile (or type the password): '" + passwordFile
                    + "' is neither");
        }
        String password = req.getParameter("password");
        return new ConnectionTester.Target(host, port, tls, text(req, "username"),
                password == null || password.isEmpty() ? null : password.toCharArray(), passwordFile,
                text(req, "caFile"), text(req, "certFile"), text(req, "keyFile"), text(req, "keyPasswordFile"),
                flag(req, "verifyHostname", true), Duration.ofSeconds(timeout));
    }

    private static String text(HttpServletRequest req, String name) {
        String value = req.getParameter(name);
        return value == null ? "" : value.trim();
    }

    private static boolean flag(HttpServletRequest req, String name, boolean fallback) {
        String value = text(req, name);
        return value.isEmpty() ? fallback : value.equals("true") || value.equals("on") || value.equals("1");
    }
}
