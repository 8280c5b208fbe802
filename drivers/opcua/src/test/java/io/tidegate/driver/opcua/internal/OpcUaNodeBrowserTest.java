package io.tidegate.driver.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.DeviceDiscovery;
import io.tidegate.api.DriverException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One level of the in-process Milo test server's address space, as the console shows it. */
class OpcUaNodeBrowserTest {
    @TempDir
    Path dir;

    @Test
    void listsTheChildrenOfANodeWithTheirNodeIdsAndTypes() throws Exception {
        try (TestServer server = new TestServer(); GatewayPki pki = GatewayPki.open(dir)) {
            OpcUaNodeBrowser browser = new OpcUaNodeBrowser(pki);
            DeviceDiscovery.Result top = browser.discover(Map.of("endpoint", server.url()), step -> { });
            DeviceDiscovery.Finding plant = find(top, "ns=2;s=Plant");
            assertEquals("Plant", plant.name());
            assertEquals("Object", plant.details().get("nodeClass"));

            List<DeviceDiscovery.Progress> steps = new ArrayList<>();
            DeviceDiscovery.Result below = browser.discover(Map.of("endpoint", server.url(), "node", "ns=2;s=Plant"),
                    steps::add);
            DeviceDiscovery.Finding value = find(below, "ns=2;s=Scalar.Double");
            assertEquals("Variable", value.details().get("nodeClass"));
            assertEquals("Double", value.details().get("dataType"));
            assertEquals("false", value.details().get("writable"));
            DeviceDiscovery.Finding setpoint = find(below, "ns=2;s=Setpoint");
            assertEquals("Int16", setpoint.details().get("dataType"));
            assertEquals("true", setpoint.details().get("writable"));
            assertEquals("2:Setpoint", setpoint.details().get("browseName"));
            assertEquals(below.findings().size(), steps.size(), "one progress step per node");
            assertTrue(below.complete());
        }
    }

    @Test
    void aWrongNodeIdOrAnAbsentServerIsSaidClearly() throws Exception {
        try (GatewayPki pki = GatewayPki.open(dir)) {
            OpcUaNodeBrowser browser = new OpcUaNodeBrowser(pki);
            DriverException bad = assertThrows(DriverException.class, () -> browser.discover(
                    Map.of("endpoint", "opc.tcp://127.0.0.1:1", "node", "Plant"), step -> { }));
            assertTrue(bad.getMessage().contains("'Plant' is not a NodeId"), bad.getMessage());
            DriverException absent = assertThrows(DriverException.class, () -> browser.discover(
                    Map.of("endpoint", "opc.tcp://127.0.0.1:" + freePort()), step -> { }));
            assertTrue(absent.getMessage().contains("127.0.0.1"), absent.getMessage());
        }
    }

    private static DeviceDiscovery.Finding find(DeviceDiscovery.Result result, String id) {
        return result.findings().stream().filter(f -> f.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + result.findings()));
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
