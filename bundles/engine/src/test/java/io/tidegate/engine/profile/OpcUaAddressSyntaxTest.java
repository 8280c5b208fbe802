package io.tidegate.engine.profile;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The address forms docs/opcua.md promises are accepted; typos are refused with what to write. */
class OpcUaAddressSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"ns=2;s=Line1.Speed", "i=2258", "ns=3;i=1001", "ns=0;i=4294967295",
            "ns=2;g=09087e75-8e5e-499b-954f-f2a9603db28a", "ns=2;b=AAECAw==", "nsu=urn:plc1:line;s=Speed",
            "s=NoNamespace", "ns=2;s=with;semicolons;and=equals", "/2:Plant/2:Line1/2:Speed", "/Server/ServerStatus",
            "index=3;ns=2;s=Temperatures", "index=0;/2:Plant/2:Temps"})
    void wellFormedAddressesAreAccepted(String address) {
        assertNull(OpcUaAddressSyntax.problem(address), address);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        ns=two;i=1001           | namespace index
        ns=70000;i=1            | namespace index
        i=12abc                 | i= takes a whole number
        i=99999999999           | i= takes a whole number
        ns=2;g=not-a-guid       | g= takes a GUID
        ns=2;x=Speed            | not an OPC UA address
        Line1.Speed             | not an OPC UA address
        nsu=;s=Speed            | nsu= needs the namespace URI
        /2:Plant//2:Speed       | empty step
        """)
    void malformedAddressesAreRefusedSayingWhatToWrite(String address, String words) {
        String problem = OpcUaAddressSyntax.problem(address);
        assertNotNull(problem, address);
        assertTrue(problem.contains(words), problem);
        assertTrue(problem.contains("ns=2;s=") || problem.contains("/2:Plant"), "shows a correct form: " + problem);
    }
}
