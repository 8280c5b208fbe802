package io.tidegate.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tidegate.api.Device;
import io.tidegate.api.Point;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An OPC UA device in a profile: every address form loads, files in settings are relative to the profile. */
class OpcUaProfileTest {
    @TempDir
    Path dir;

    @Test
    void addressFormsLoadAndSettingFilesAreRelativeToTheProfile() throws Exception {
        String yaml = """
                gateway: {id: line-gw, group: plant}
                devices:
                  - id: line1
                    driver: opcua
                    interval: 100ms
                    settings:
                      endpoint: "opc.tcp://plc1:4840"
                      identity: username
                      username: tidegate
                      passwordFile: secrets/line1.password
                      userCertificate: /etc/tidegate/user.pem
                    points:
                      - {id: line1/speed, address: "ns=2;s=Line1.Speed", type: FLOAT64}
                      - {id: line1/state, address: "i=2259", type: INT32}
                      - {id: line1/count, address: "nsu=urn:plc1:line;s=Count", type: UINT32}
                      - {id: line1/temp, address: "/2:Line1/2:Temperature", type: FLOAT32}
                      - {id: line1/temp_2, address: "index=2;ns=2;s=Temperatures", type: FLOAT32}
                uplink: {host: 127.0.0.1}
                """;
        SiteProfile site = ProfileLoader.load(yaml, dir.resolve("site.yaml"));

        Device line = site.devices().get(0);
        assertEquals(dir.resolve("secrets/line1.password").toString(), line.settings().get("passwordFile"),
                "relative to the profile's folder, like the uplink's passwordFile");
        assertEquals("/etc/tidegate/user.pem", line.settings().get("userCertificate"), "absolute stays");
        assertEquals(List.of("ns=2;s=Line1.Speed", "i=2259", "nsu=urn:plc1:line;s=Count", "/2:Line1/2:Temperature",
                "index=2;ns=2;s=Temperatures"), line.points().stream().map(Point::address).toList());
    }
}
