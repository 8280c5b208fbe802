package io.tidegate.engine.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each broken profile under profiles/bad/ is rejected with exactly one error, at the line to fix. */
class BadProfilesTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        # profile                | error at                      | field                       | the message says
        syntax-error.yaml        | syntax-error.yaml:7           | ""                          | YAML syntax error; mapping values are not allowed here
        unquoted-percent.yaml    | unquoted-percent.yaml:12      | ""                          | YAML syntax error; '%'; put the value in quotes
        unknown-key.yaml         | unknown-key.yaml:7            | devices[0].intervall        | unknown key 'intervall'; did you mean 'interval'; allowed here: id, driver, interval
        typo-required-key.yaml   | typo-required-key.yaml:14     | devices[0].points[1].adress | unknown key 'adress'; did you mean 'address'
        duplicate-key.yaml       | duplicate-key.yaml:12         | devices[0].points[0].type   | duplicate key 'type'; line 11
        unknown-driver.yaml      | unknown-driver.yaml:6         | devices[0].driver           | unknown driver 'modbus'; known drivers: sim
        device-id-slash.yaml     | device-id-slash.yaml:5        | devices[0].id               | 'pump/station' is not a valid device id; '/'
        reserved-device-id.yaml  | reserved-device-id.yaml:5     | devices[0].id               | '_node' is not a valid device id; reserved for the gateway's own points
        store-size-no-unit.yaml  | store-size-no-unit.yaml:19     | store.maxSize               | '500' has no unit; 500MB or 2GiB
        store-bad-policy.yaml    | store-bad-policy.yaml:20       | store.policy                | 'drop-newest' is not allowed here; allowed: drop-oldest, reject-new
        gateway-id-plus.yaml     | gateway-id-plus.yaml:2        | gateway.id                  | 'test+gw' is not a valid gateway id
        zero-interval.yaml       | zero-interval.yaml:7          | devices[0].interval         | must be greater than zero
        bare-interval.yaml       | bare-interval.yaml:7          | devices[0].interval         | no unit; 1s
        no-points.yaml           | no-points.yaml:5              | devices[0]                  | device 'station' has no points; pointsCsv
        duplicate-point.yaml     | duplicate-point.yaml:13       | devices[0].points[1].id     | duplicate point id 'wet_well/level'; already used at line 9
        bad-point-id.yaml        | bad-point-id.yaml:13          | devices[0].points[1].id     | 'pump1/+/running' is not a valid point id; MQTT wildcards
        bad-type.yaml            | bad-type.yaml:11              | devices[0].points[0].type   | 'FLAOT' is not a data type; allowed: BOOL, INT16, UINT16, INT32, UINT32, INT64, FLOAT32, FLOAT64, STRING
        missing-address.yaml     | missing-address.yaml:13       | devices[0].points[1].address| required, but missing; address
        unit-on-bool.yaml        | unit-on-bool.yaml:16          | devices[0].points[1].unit   | a BOOL point has no unit
        min-gt-max.yaml          | min-gt-max.yaml:14            | devices[0].points[0].min    | min 5 is greater than max 4
        limits-read-only.yaml    | limits-read-only.yaml:13      | devices[0].points[0].min    | write limits; need access: read-write
        scale-zero.yaml          | scale-zero.yaml:13            | devices[0].points[0].scale  | scale must not be zero
        uplink-no-host.yaml      | uplink-no-host.yaml:16        | uplink.host                 | required, but missing; host
        port-out-of-range.yaml   | port-out-of-range.yaml:18     | uplink.port                 | '70000' is not a port; 1 to 65535
        inline-password.yaml     | inline-password.yaml:19       | uplink.password             | a password is never written in a profile; passwordFile
        tls-unknown-key.yaml     | tls-unknown-key.yaml:19       | uplink.tls.verifyHostnames  | unknown key 'verifyHostnames'; did you mean 'verifyHostname'; allowed here: caFile, certFile, keyFile
        tls-verify-not-boolean.yaml | tls-verify-not-boolean.yaml:19 | uplink.tls.verifyHostname | 'maybe' is not true or false; hostname verification is on
        tls-ca-missing.yaml      | tls-ca-missing.yaml:19        | uplink.tls.caFile           | file 'no-such-ca.pem' not found; relative to the profile's folder
        tls-inline-key-password.yaml | tls-inline-key-password.yaml:19 | uplink.tls.keyPassword | a password is never written in a profile; keyPasswordFile
        primary-host-wildcard.yaml | primary-host-wildcard.yaml:18 | uplink.primaryHostId      | 'scada/#' is not a valid primary host id
        csv-missing.yaml         | csv-missing.yaml:8            | devices[0].pointsCsv        | file 'no-such-map.csv' not found; relative to the profile's folder
        csv-bad-type.yaml        | csv-bad-type.csv:4            | column 'type'               | 'FLAOT' is not a data type; allowed: BOOL
        csv-unknown-column.yaml  | csv-unknown-column.csv:2      | column 'units'              | unknown column 'units'; did you mean 'unit'; allowed: id, address, type
        opcua-bad-address.yaml   | opcua-bad-address.yaml:15     | devices[0].points[1].address| point 'line1/count'; 'ns=two;i=1001' is not an OPC UA address; namespace index; browse path
        csv-duplicate-id.yaml    | csv-duplicate-id.csv:4        | column 'id'                 | duplicate point id 'wet_well/level'; already used at csv-duplicate-id.yaml:10
        """)
    void brokenProfileGivesOneErrorAtTheRightPlace(String profile, String errorAt, String field, String words)
            throws Exception {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(bad(profile)));

        assertEquals(1, e.errors().size(), () -> "expected one error, got:\n" + e.getMessage());
        ProfileError error = e.errors().get(0);
        assertEquals(errorAt, error.file().getFileName() + ":" + error.line(), error::toString);
        assertEquals(field, error.field(), error::toString);
        for (String word : words.split(";")) {
            assertTrue(error.message().contains(word.trim()), () -> "'" + word.trim() + "' not in: " + error);
        }
    }

    @Test
    void errorPrintsLikeACompilerMessage() throws Exception {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(bad("bad-type.yaml")));

        ProfileError error = e.errors().get(0);
        assertEquals(15, error.column(), "column of the value 'FLAOT'");
        assertTrue(error.toString().endsWith("bad-type.yaml:11:15: devices[0].points[0].type: 'FLAOT' is not a"
                + " data type; allowed: BOOL, INT16, UINT16, INT32, UINT32, INT64, FLOAT32, FLOAT64, STRING, or one of them followed by [] for a whole array (OPC UA), e.g. FLOAT64[]"),
                error::toString);
        assertTrue(e.getMessage().contains(error.toString()), "the exception message lists the error");
    }

    @Test
    void csvErrorNamesTheCsvLineAndColumn() throws Exception {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(bad("csv-bad-type.yaml")));

        ProfileError error = e.errors().get(0);
        assertTrue(error.toString().endsWith("csv-bad-type.csv:4: column 'type': 'FLAOT' is not a data type;"
                + " allowed: BOOL, INT16, UINT16, INT32, UINT32, INT64, FLOAT32, FLOAT64, STRING, or one of them followed by [] for a whole array (OPC UA), e.g. FLOAT64[]"),
                error::toString);
    }

    @Test
    void threeIndependentDefectsGiveThreeErrorsInLineOrder() throws Exception {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(bad("three-defects.yaml")));

        assertEquals(3, e.errors().size(), e::getMessage);
        assertEquals(List.of(6, 11, 16), e.errors().stream().map(ProfileError::line).toList());
        assertEquals(List.of("devices[0].driver", "devices[0].points[0].type", "uplink.host"),
                e.errors().stream().map(ProfileError::field).toList());
        assertTrue(e.getMessage().startsWith("3 errors in the site profile:"), e::getMessage);
    }

    @Test
    void missingFileIsOneClearError(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path missing = dir.resolve("site.yaml");

        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(missing));

        assertEquals(1, e.errors().size());
        ProfileError error = e.errors().get(0);
        assertEquals(missing, error.file());
        assertEquals(0, error.line());
        assertTrue(error.message().contains("no such file"), error::toString);
        assertEquals(missing + ": no such file (looked for " + missing.toAbsolutePath() + ")", error.toString());
    }

    @Test
    void emptyProfileIsOneError(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("site.yaml"), "# nothing yet\n");

        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(file));

        assertEquals(1, e.errors().size());
        assertTrue(e.errors().get(0).message().contains("gateway:, devices: and uplink:"), e::getMessage);
    }

    @Test
    void missingSectionsAreNamed() {
        ProfileException e = assertThrows(ProfileException.class,
                () -> ProfileLoader.load("gateway: {id: gw, group: g}\n", Path.of("site.yaml")));

        assertEquals(List.of("devices", "uplink"), e.errors().stream().map(ProfileError::field).toList());
        assertTrue(e.errors().get(1).message().contains("host"), e::getMessage);
    }

    @Test
    void nonUtf8FileIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("site.yaml"), new byte[] {'g', 'a', (byte) 0xE9, '\n'});

        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(file));

        assertTrue(e.errors().get(0).message().contains("not UTF-8"), e::getMessage);
    }

    static Path bad(String name) throws URISyntaxException {
        return Path.of(BadProfilesTest.class.getResource("/profiles/bad/" + name).toURI());
    }
}
