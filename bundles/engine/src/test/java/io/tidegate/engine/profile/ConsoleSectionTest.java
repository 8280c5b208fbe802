package io.tidegate.engine.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The profile's console: section: where the installer console listens, checked like the rest. */
class ConsoleSectionTest {
    private static final String SITE = """
            gateway: {id: gw, group: g}
            devices:
              - id: d
                driver: sim
                points:
                  - {id: p, address: x, type: BOOL}
            uplink: {host: 127.0.0.1}
            """;

    @TempDir
    Path dir;

    @Test
    void withoutAConsoleSectionTheConsoleListensOnThisGatewayOnlyOnPort8080() throws Exception {
        SiteProfile site = ProfileLoader.load(SITE, dir.resolve("site.yaml"));

        assertEquals(new ConsoleConfig(8080, "127.0.0.1"), site.console());
        assertTrue(site.console().enabled());
    }

    @Test
    void portAndBindAddressAreTaken() throws Exception {
        SiteProfile site = ProfileLoader.load(SITE + "console: {port: 9443, bind: 0.0.0.0}\n", dir.resolve("site.yaml"));

        assertEquals(new ConsoleConfig(9443, "0.0.0.0"), site.console());
    }

    @Test
    void portZeroTurnsTheConsoleOff() throws Exception {
        SiteProfile site = ProfileLoader.load(SITE + "console: {port: 0}\n", dir.resolve("site.yaml"));

        assertFalse(site.console().enabled());
    }

    @Test
    void badPortBindAndUnknownKeysNameTheLineAndField() {
        String yaml = SITE + """
                console:
                  port: 70000
                  bind: "http://0.0.0.0"
                  password: secret
                """;
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(yaml, dir.resolve("site.yaml")));

        List<String> got = e.errors().stream().map(er -> er.line() + " " + er.field()).toList();
        assertEquals(List.of("9 console.port", "10 console.bind", "11 console.password"), got, e::getMessage);
        assertTrue(e.errors().get(0).message().contains("number from 1 to 65535"), e::getMessage);
        assertTrue(e.errors().get(1).message().contains("the port goes in port:"), e::getMessage);
        assertTrue(e.errors().get(2).message().contains("allowed here: port, bind"), e::getMessage);
    }
}
