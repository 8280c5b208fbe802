package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Failover brokers from configuration become broker URIs with the main broker's scheme and port. */
class FailoverUrisTest {

    @Test
    void hostOrHostAndPortIpv6InBrackets() {
        assertEquals(List.of("ssl://broker2.example.com:8883", "ssl://10.0.0.3:1884", "ssl://[fd00::4]:8883",
                        "ssl://[fd00::5]:9000"),
                SparkplugUplinkComponent.failoverUris(List.of("broker2.example.com", "10.0.0.3:1884", "[fd00::4]",
                        " [fd00::5]:9000 ", ""), 8883, true));
        assertEquals(List.of("tcp://b2:1883"), SparkplugUplinkComponent.failoverUris(List.of("b2"), 1883, false));
    }
}
