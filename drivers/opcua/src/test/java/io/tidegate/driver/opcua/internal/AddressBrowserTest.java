package io.tidegate.driver.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Device;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What 'tidegate opcua browse' prints: every node with the address to paste into a profile and its type. */
class AddressBrowserTest {
    @TempDir
    Path dir;

    @Test
    void printsTheTreeWithNodeIdsBrowsePathsAndDataTypes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TestServer server = new TestServer(); GatewayPki pki = GatewayPki.open(dir)) {
            Device device = new Device("browse", "opcua", Map.of("endpoint", server.url()), List.of());
            AddressBrowser.browse(device, pki, 4, false, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("  Plant  ns=2;s=Plant  /2:Plant"), out);
        assertTrue(out.contains("    Scalar.Double  ns=2;s=Scalar.Double  Double  /2:Plant/2:Scalar.Double"), out);
        assertTrue(out.contains("Array.Double  ns=2;s=Array.Double  Double[]  /2:Plant/2:Array.Double"), out);
        assertTrue(out.contains("Setpoint  ns=2;s=Setpoint  Int16 rw  /2:Plant/2:Setpoint"), out);
        assertTrue(out.contains("Scalar.UInt64  ns=2;s=Scalar.UInt64  UInt64  "), out);
        assertFalse(out.contains("ServerStatus"), "the Server object's diagnostics are left out by default");
    }
}
