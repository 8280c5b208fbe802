package io.tidegate.console.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DiagnosticsRedactionTest {
    @Test
    void valuesUnderSecretKeysAreRemovedAndEverythingElseKept() {
        String profile = """
                uplink:
                  host: broker.example.com
                  username: gw7
                  password: hunter2          # refused by validation, removed anyway
                  passwordFile: secrets/mqtt-password
                devices:
                  - id: plc
                    settings: {host: 10.0.0.5, apiToken: abc123, port: 502}
                    # a comment mentioning password: stays readable
                """;

        assertEquals("""
                uplink:
                  host: broker.example.com
                  username: gw7
                  password: <removed>          # refused by validation, removed anyway
                  passwordFile: secrets/mqtt-password
                devices:
                  - id: plc
                    settings: {host: 10.0.0.5, apiToken: <removed>, port: 502}
                    # a comment mentioning password: <removed>
                """, DiagnosticsBundle.redact(profile));
    }
}
