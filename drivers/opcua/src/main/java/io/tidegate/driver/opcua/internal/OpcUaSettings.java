package io.tidegate.driver.opcua.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DriverException;
import io.tidegate.api.Quality.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An OPC UA device's settings, parsed and checked once at open so that a typo is reported with the
 * device's name and the allowed values instead of surfacing later as a refused connection.
 *
 * @param endpointUrl        the server's discovery/endpoint URL, {@code opc.tcp://host:port/path}
 * @param securityPolicy     None, Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss
 * @param securityMode       None, Sign or SignAndEncrypt (None exactly when the policy is None)
 * @param identity           anonymous, username or x509
 * @param username           user name for the username identity, else null
 * @param passwordFile       file holding the password for the username identity, else null
 * @param userCertificate    PEM or DER certificate for the x509 identity, else null
 * @param userKey            PEM PKCS#8 private key for the x509 identity, else null
 * @param subscribe          true for subscriptions (the default), false for polling reads
 * @param samplingInterval   server-side sampling interval of monitored items; null: each point's interval
 * @param publishingInterval how often the server sends the collected changes
 * @param queueSize          monitored item queue size: changes kept between two publishes
 * @param deadbandType       none, absolute or percent
 * @param deadbandValue      the deadband (engineering units, or percent of the EURange)
 * @param requestTimeout     timeout of one service call
 * @param trustAllServerCertificatesInsecureDevOnly accept any server certificate; development only
 */
public record OpcUaSettings(String endpointUrl, String securityPolicy, String securityMode, String identity,
                            String username, Path passwordFile, Path userCertificate, Path userKey,
                            boolean subscribe, Duration samplingInterval, Duration publishingInterval, int queueSize,
                            String deadbandType, double deadbandValue, Duration requestTimeout,
                            boolean trustAllServerCertificatesInsecureDevOnly) {

    public static final String ENDPOINT = "endpoint";
    public static final String SECURITY_POLICY = "securityPolicy";
    public static final String SECURITY_MODE = "securityMode";
    public static final String IDENTITY = "identity";
    public static final String USERNAME = "username";
    public static final String PASSWORD_FILE = "passwordFile";
    public static final String USER_CERTIFICATE = "userCertificate";
    public static final String USER_KEY = "userKey";
    public static final String MODE = "mode";
    public static final String SAMPLING_INTERVAL = "samplingInterval";
    public static final String PUBLISHING_INTERVAL = "publishingInterval";
    public static final String QUEUE_SIZE = "queueSize";
    public static final String DEADBAND_TYPE = "deadbandType";
    public static final String DEADBAND = "deadband";
    public static final String REQUEST_TIMEOUT = "requestTimeout";
    /** The one way to trust a server without review; its name says what it is. */
    public static final String TRUST_ALL = "trustAllServerCertificatesInsecureDevOnly";

    public static final List<String> POLICIES = List.of("None", "Basic256Sha256", "Aes128_Sha256_RsaOaep",
            "Aes256_Sha256_RsaPss");
    public static final List<String> MODES = List.of("None", "Sign", "SignAndEncrypt");
    public static final List<String> IDENTITIES = List.of("anonymous", "username", "x509");
    public static final List<String> DEADBANDS = List.of("none", "absolute", "percent");
    static final Set<String> KEYS = Set.of(ENDPOINT, SECURITY_POLICY, SECURITY_MODE, IDENTITY, USERNAME,
            PASSWORD_FILE, USER_CERTIFICATE, USER_KEY, MODE, SAMPLING_INTERVAL, PUBLISHING_INTERVAL, QUEUE_SIZE,
            DEADBAND_TYPE, DEADBAND, REQUEST_TIMEOUT, TRUST_ALL);

    /**
     * Reads the settings of a device.
     *
     * @throws DriverException CONFIG_ERROR naming the device, the setting and what is allowed
     */
    public static OpcUaSettings of(Device device) throws DriverException {
        Map<String, String> s = device.settings();
        for (String key : s.keySet()) {
            if (!KEYS.contains(key)) {
                throw error(device, "unknown setting '" + key + "'; allowed: " + String.join(", ",
                        KEYS.stream().sorted().toList()));
            }
        }
        String endpoint = text(s, ENDPOINT);
        if (endpoint == null) {
            throw error(device, "setting '" + ENDPOINT + "' is missing; give the server URL, e.g. "
                    + "opc.tcp://plc1:4840");
        }
        checkEndpoint(device, endpoint);

        String policy = oneOf(device, SECURITY_POLICY, "None", POLICIES);
        String mode = oneOf(device, SECURITY_MODE, policy.equals("None") ? "None" : "SignAndEncrypt", MODES);
        if (policy.equals("None") != mode.equals("None")) {
            throw error(device, "securityPolicy " + policy + " cannot go with securityMode " + mode
                    + "; policy None needs mode None, and every other policy needs Sign or SignAndEncrypt");
        }

        String identity = oneOf(device, IDENTITY, "anonymous", IDENTITIES);
        String username = text(s, USERNAME);
        Path passwordFile = path(device, PASSWORD_FILE);
        Path userCertificate = path(device, USER_CERTIFICATE);
        Path userKey = path(device, USER_KEY);
        switch (identity) {
            case "username" -> {
                if (username == null || passwordFile == null) {
                    throw error(device, "identity username needs the settings '" + USERNAME + "' and '"
                            + PASSWORD_FILE + "' (a file only the gateway can read, holding the password)");
                }
            }
            case "x509" -> {
                if (userCertificate == null || userKey == null) {
                    throw error(device, "identity x509 needs the settings '" + USER_CERTIFICATE + "' (PEM or DER)"
                            + " and '" + USER_KEY + "' (PEM PKCS#8 private key)");
                }
            }
            default -> {
                if (username != null || passwordFile != null || userCertificate != null || userKey != null) {
                    throw error(device, "identity anonymous takes no username, passwordFile, userCertificate or "
                            + "userKey; set identity: username or identity: x509");
                }
            }
        }

        String acquisition = oneOf(device, MODE, "subscribe", List.of("subscribe", "poll"));
        Duration sampling = duration(device, SAMPLING_INTERVAL, null);
        Duration publishing = duration(device, PUBLISHING_INTERVAL, Duration.ofMillis(100));
        int queueSize = (int) wholeNumber(device, QUEUE_SIZE, 10, 1, 100_000);
        String deadbandType = oneOf(device, DEADBAND_TYPE, "none", DEADBANDS);
        double deadband = 0;
        String deadbandText = text(s, DEADBAND);
        if (deadbandText != null) {
            if (deadbandType.equals("none")) {
                throw error(device, "setting '" + DEADBAND + "' needs '" + DEADBAND_TYPE + "' absolute or percent");
            }
            try {
                deadband = Double.parseDouble(deadbandText);
            } catch (NumberFormatException e) {
                deadband = Double.NaN;
            }
            if (!(deadband >= 0) || !Double.isFinite(deadband) || deadbandType.equals("percent") && deadband > 100) {
                throw error(device, "setting '" + DEADBAND + "' = '" + deadbandText + "' must be a number >= 0"
                        + (deadbandType.equals("percent") ? " and <= 100 (percent of the node's EURange)" : ""));
            }
        } else if (!deadbandType.equals("none")) {
            throw error(device, "deadbandType " + deadbandType + " needs the setting '" + DEADBAND + "'");
        }
        Duration requestTimeout = duration(device, REQUEST_TIMEOUT, Duration.ofSeconds(5));
        boolean trustAll = bool(device, TRUST_ALL);
        return new OpcUaSettings(endpoint, policy, mode, identity, username, passwordFile, userCertificate, userKey,
                acquisition.equals("subscribe"), sampling, publishing, queueSize, deadbandType, deadband,
                requestTimeout, trustAll);
    }

    private static void checkEndpoint(Device device, String endpoint) throws DriverException {
        try {
            URI uri = new URI(endpoint);
            if (!"opc.tcp".equals(uri.getScheme()) || uri.getHost() == null) {
                throw error(device, "setting '" + ENDPOINT + "' = '" + endpoint + "' is not an opc.tcp://host:port"
                        + " URL");
            }
        } catch (URISyntaxException e) {
            throw error(device, "setting '" + ENDPOINT + "' = '" + endpoint + "' is not a URL: " + e.getReason());
        }
    }

    private static String oneOf(Device device, String key, String fallback, List<String> allowed)
            throws DriverException {
        String text = text(device.settings(), key);
        if (text == null) {
            return fallback;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(text)) {
                return candidate;
            }
        }
        throw error(device, "setting '" + key + "' = '" + text + "' is not allowed; allowed: "
                + String.join(", ", allowed));
    }

    private static Duration duration(Device device, String key, Duration fallback) throws DriverException {
        String text = text(device.settings(), key);
        if (text == null) {
            return fallback;
        }
        String t = text.toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            } else if (t.endsWith("s")) {
                d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
            } else {
                d = Duration.ofMillis(Long.parseLong(t));
            }
            if (d.isNegative()) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw error(device, "setting '" + key + "' = '" + text + "' is not a duration; write e.g. 100ms or 2s");
        }
    }

    private static long wholeNumber(Device device, String key, long fallback, long min, long max)
            throws DriverException {
        String text = text(device.settings(), key);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(device, "setting '" + key + "' = '" + text + "' must be a whole number from " + min + " to " + max);
    }

    private static boolean bool(Device device, String key) throws DriverException {
        String text = text(device.settings(), key);
        if (text == null || text.equalsIgnoreCase("false")) {
            return false;
        }
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        throw error(device, "setting '" + key + "' = '" + text + "' must be true or false");
    }

    private static Path path(Device device, String key) throws DriverException {
        String text = text(device.settings(), key);
        if (text == null) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw error(device, "setting '" + key + "' = '" + text + "' is not a valid path: " + e.getReason());
        }
    }

    private static String text(Map<String, String> settings, String key) {
        String text = settings.get(key);
        return text == null || text.isBlank() ? null : text.trim();
    }

    static DriverException error(Device device, String problem) {
        return new DriverException(Reason.CONFIG_ERROR, "OPC UA device '" + device.id() + "': " + problem);
    }
}
