package io.tidegate.driver.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same address forms as the engine's OpcUaAddressSyntaxTest, parsed into Milo types. */
class NodeAddressTest {

    @Test
    void nodeIdFormsParseToTheirNodeIds() {
        assertEquals(new NodeId(2, "Line1.Speed"), NodeAddress.parse("ns=2;s=Line1.Speed").localNodeId());
        assertEquals(new NodeId(0, 2258), NodeAddress.parse("i=2258").localNodeId());
        assertEquals(new NodeId(3, 1001), NodeAddress.parse("ns=3;i=1001").localNodeId());
        assertEquals(new NodeId(2, "a;b=c"), NodeAddress.parse("ns=2;s=a;b=c").localNodeId());
    }

    @Test
    void namespaceUriFormIsResolvedLaterAgainstTheServersTable() {
        NodeAddress a = NodeAddress.parse("nsu=urn:plc1:line;s=Speed");
        assertNull(a.localNodeId(), "needs the server's namespace table");
        assertEquals("urn:plc1:line", a.nodeId().getNamespaceUri());
    }

    @Test
    void browsePathsAndArrayIndexes() {
        NodeAddress a = NodeAddress.parse("index=3;/2:Plant/Server/2:Line 1");
        assertTrue(a.isBrowsePath());
        assertEquals(List.of(new QualifiedName(2, "Plant"), new QualifiedName(0, "Server"),
                new QualifiedName(2, "Line 1")), a.browsePath());
        assertEquals(3, a.arrayIndex());
        assertEquals(-1, NodeAddress.parse("ns=2;s=X").arrayIndex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Line1.Speed", "ns=two;i=1", "ns=2;x=Speed", "/2:Plant//2:Speed", ""})
    void malformedAddressesAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeAddress.parse(text));
        assertTrue(e.getMessage().contains("ns=2;s=Line1.Speed") || e.getMessage().contains("/2:Plant"),
                e.getMessage());
    }
}
