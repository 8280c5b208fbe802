package io.tidegate.driver.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Device;
import io.tidegate.api.DriverException;
import io.tidegate.api.Quality;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings typos are reported with the device, the setting and what is allowed. */
class OpcUaSettingsTest {

    private static Device device(String... keyValues) {
        Map<String, String> settings = new HashMap<>();
        settings.put("endpoint", "opc.tcp://plc1:4840");
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return new Device("plc1", "opcua", settings, List.of());
    }

    @Test
    void defaultsAreAnonymousUnsecuredSubscriptions() throws DriverException {
        OpcUaSettings s = OpcUaSettings.of(device());
        assertEquals("None", s.securityPolicy());
        assertEquals("None", s.securityMode());
        assertEquals("anonymous", s.identity());
        assertTrue(s.subscribe(), "subscriptions are the default");
        assertNull(s.samplingInterval(), "each point's own interval");
        assertEquals(Duration.ofMillis(100), s.publishingInterval());
        assertEquals(10, s.queueSize());
        assertEquals("none", s.deadbandType());
        assertFalse(s.trustAllServerCertificatesInsecureDevOnly(), "nothing is trusted silently");
    }

    @Test
    void aSecurePolicyDefaultsToSignAndEncrypt() throws DriverException {
        OpcUaSettings s = OpcUaSettings.of(device("securityPolicy", "basic256sha256", "identity", "username",
                "username", "op", "passwordFile", "/etc/tidegate/opcua.pw", "mode", "poll", "samplingInterval", "250ms",
                "deadbandType", "percent", "deadband", "2.5"));
        assertEquals("Basic256Sha256", s.securityPolicy(), "case-insensitive, written back canonically");
        assertEquals("SignAndEncrypt", s.securityMode());
        assertFalse(s.subscribe());
        assertEquals(Duration.ofMillis(250), s.samplingInterval());
        assertEquals(2.5, s.deadbandValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        endpoint=http://plc1:4840                         | is not an opc.tcp://host:port URL
        securityPolicy=Basic128Rsa15                      | allowed: None, Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss
        securityPolicy=Basic256Sha256;securityMode=None   | cannot go with securityMode None
        securityMode=Sign                                 | policy None needs mode None
        identity=username                                 | needs the settings 'username' and 'passwordFile'
        identity=x509;userCertificate=/c.pem              | needs the settings 'userCertificate' (PEM or DER) and 'userKey'
        username=op                                       | identity anonymous takes no username
        mode=push                                         | allowed: subscribe, poll
        queueSize=0                                       | must be a whole number from 1 to 100000
        samplingInterval=fast                             | is not a duration; write e.g. 100ms or 2s
        deadband=5                                        | needs 'deadbandType' absolute or percent
        deadbandType=percent;deadband=150                 | must be a number >= 0 and <= 100
        deadbandType=absolute                             | needs the setting 'deadband'
        trustAllServerCertificatesInsecureDevOnly=yes     | must be true or false
        trustAll=true                                     | unknown setting 'trustAll'
        """)
    void badSettingsAreNamedWithWhatIsAllowed(String settings, String words) {
        String[] kv = settings.replace(';', '=').split("=", -1);
        DriverException e = assertThrows(DriverException.class, () -> OpcUaSettings.of(device(kv)));
        assertEquals(Quality.Reason.CONFIG_ERROR, e.reason());
        assertTrue(e.getMessage().startsWith("OPC UA device 'plc1': "), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    @Test
    void aMissingEndpointSaysWhatToWrite() {
        Device noEndpoint = new Device("plc1", "opcua", Map.of(), List.of());
        DriverException e = assertThrows(DriverException.class, () -> OpcUaSettings.of(noEndpoint));
        assertTrue(e.getMessage().contains("'endpoint' is missing; give the server URL, e.g. opc.tcp://plc1:4840"),
                e.getMessage());
    }
}
