package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.ConnectionTester;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.service.component.annotations.Component;

/**
 * "Test connection" for the console: one real MQTT CONNECT, with TLS and credentials as given, then
 * a DISCONNECT. It never disturbs the running uplink: its own random client id (a broker drops an
 * older session with the same id), a clean session, no Will, nothing published or subscribed. TLS
 * and password files are read exactly as the edge node reads them ({@link TlsSocketFactory},
 * {@link SecretFiles}), and failures are worded by {@link ConnectFailures}.
 */
@Component(service = ConnectionTester.class)
public final class MqttConnectionTester implements ConnectionTester {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public Result test(Target target) {
        long start = System.nanoTime();
        Result result = attempt(target);
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(result.outcome(), result.message(), millis);
    }

    private Result attempt(Target target) {
        if (target.port() < 1 || target.port() > 65_535) {
            return new Result(Outcome.BAD_SETTINGS, "port " + target.port() + " is not a TCP port (1-65535)", 0);
        }
        String uri = (target.tls() ? "ssl://" : "tcp://")
                + (target.host().contains(":") && !target.host().startsWith("[") ? "[" + target.host() + "]"
                : target.host()) + ":" + target.port();
        TlsSettings tls = target.tls() ? new TlsSettings(path(target.caFile()), path(target.certFile()),
                path(target.keyFile()), path(target.keyPasswordFile()), target.verifyHostname()) : null;
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        int seconds = (int) Math.max(1, Math.min(120, target.timeout().toSeconds()));
        options.setConnectionTimeout(seconds);
        char[] password = target.password();
        try {
            if (!target.username().isEmpty()) {
                options.setUserName(target.username());
            }
            if ((password == null || password.length == 0) && !target.passwordFile().isEmpty()) {
                password = SecretFiles.readPassword(Path.of(target.passwordFile()), "MQTT password file");
            }
            if (password != null && password.length > 0) {
                options.setPassword(password); // Paho keeps its own copy: ours is wiped below
            }
            if (tls != null) {
                options.setSocketFactory(TlsSocketFactory.create(tls));
                options.setHttpsHostnameVerificationEnabled(tls.verifyHostname());
            }
        } catch (IOException e) {
            return new Result(Outcome.BAD_SETTINGS, e.getMessage(), 0);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        MqttAsyncClient client = null;
        try {
            // At most 23 characters: the longest client id every MQTT 3.1 broker must take.
            client = new MqttAsyncClient(uri, "tg-test-" + HexFormat.of().formatHex(randomBytes()),
                    new MemoryPersistence());
            client.connect(options).waitForCompletion(seconds * 1000L + 1000);
            return new Result(Outcome.CONNECTED, "the broker " + uri + " accepted the connection"
                    + (target.username().isEmpty() ? "" : " as " + target.username())
                    + (tls == null ? " (plain TCP, not encrypted)" : " over TLS"), 0);
        } catch (MqttException | RuntimeException e) {
            EdgeNodeSettings forWording = new EdgeNodeSettings(uri, "test", "test", "test", 30, target.username(),
                    null, Path.of("."), 1000, 1000).withTls(tls);
            return new Result(outcome(e), "could not connect to " + uri + ": "
                    + ConnectFailures.describe(e, forWording), 0);
        } finally {
            close(client);
        }
    }

    /** What kind of failure, from the exception chain. */
    static Outcome outcome(Throwable e) {
        if (find(e, SSLException.class) != null) {
            if (find(e, CertPathValidatorException.class) != null || chainMentions(e, "PKIX")
                    || chainMentions(e, "unable to find valid certification path")) {
                return Outcome.TLS_NOT_TRUSTED;
            }
            if (find(e, CertificateException.class) != null && (chainMentions(e, "subject alternative")
                    || chainMentions(e, "No name matching") || chainMentions(e, "No subject"))) {
                return Outcome.TLS_WRONG_HOST;
            }
            return Outcome.TLS_FAILED;
        }
        if (e instanceof MqttException m) {
            int code = m.getReasonCode();
            if (code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || code == MqttException.REASON_CODE_NOT_AUTHORIZED) {
                return Outcome.BAD_CREDENTIALS;
            }
            if (code == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
                return Outcome.UNREACHABLE;
            }
        }
        if (find(e, ConnectException.class) != null || find(e, UnknownHostException.class) != null
                || find(e, NoRouteToHostException.class) != null || find(e, SocketTimeoutException.class) != null) {
            return Outcome.UNREACHABLE;
        }
        return Outcome.FAILED;
    }

    private static void close(MqttAsyncClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(0).waitForCompletion(2000);
            }
        } catch (MqttException e) {
            // the answer is known; a failed goodbye changes nothing
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // idem
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text.trim());
    }

    private static boolean chainMentions(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
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
