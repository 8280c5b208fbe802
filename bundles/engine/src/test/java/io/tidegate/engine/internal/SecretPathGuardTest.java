package io.tidegate.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.api.Commissioning.DeviceEdit;
import io.tidegate.api.Commissioning.DeviceView;
import io.tidegate.api.Commissioning.Problem;
import io.tidegate.api.Commissioning.ProfileView;
import io.tidegate.api.Commissioning.UplinkEdit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A console login cannot point a secret-file setting at any file the gateway can read. */
class SecretPathGuardTest {
    private static final Path DIR = Path.of("/etc/tidegate");
    private static final ProfileView RUNNING = new ProfileView("gw", List.of(new DeviceView("plc", "opcua", "1s",
            Map.of("passwordFile", "/etc/tidegate/plc.password"), "")), Map.of("passwordFile", "mqtt.password"));

    private static DeviceEdit plc(Map<String, String> settings) {
        return new DeviceEdit("plc", "plc", "opcua", "1s", settings, null);
    }

    @Test
    void theGatewaysOwnKeyCannotBeNamedAsAPasswordFile() {
        List<Problem> problems = SecretPathGuard.check(
                plc(Map.of("endpoint", "opc.tcp://elsewhere:4840", "passwordFile", "identity/gateway.key")),
                RUNNING, DIR);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("settings", problems.get(0).field());
        assertTrue(problems.get(0).message().startsWith("passwordFile: a secret file set from the console must be in"
                + " /etc/tidegate/secrets"), problems.get(0).message());
        assertEquals(1, SecretPathGuard.check(new UplinkEdit(Map.of("passwordFile", "secrets/../identity/gateway.key")),
                RUNNING, DIR).size(), "no way out of the folder with ..");
        assertEquals(1, SecretPathGuard.check(new DeviceEdit(null, "new", "opcua", "1s",
                Map.of("userKey", "/root/.ssh/id_rsa"), null), RUNNING, DIR).size(), "nor for a new device");
    }

    @Test
    void theFileASettingAlreadyNamesAndFilesInTheSecretsFolderAreAccepted() {
        assertEquals(List.of(), SecretPathGuard.check(plc(Map.of("passwordFile", "/etc/tidegate/plc.password")),
                RUNNING, DIR));
        assertEquals(List.of(), SecretPathGuard.check(plc(Map.of("passwordFile", "secrets/plc.password")),
                RUNNING, DIR));
        assertEquals(List.of(), SecretPathGuard.check(new UplinkEdit(Map.of("passwordFile", "mqtt.password",
                "host", "broker.example")), RUNNING, DIR));
    }
}
