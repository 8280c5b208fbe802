package io.tidegate.engine.internal;

import io.tidegate.api.Commissioning.Change;
import io.tidegate.api.Commissioning.DeviceEdit;
import io.tidegate.api.Commissioning.DeviceView;
import io.tidegate.api.Commissioning.Problem;
import io.tidegate.api.Commissioning.ProfileView;
import io.tidegate.api.Commissioning.UplinkEdit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps a console login from turning a secret-file setting into a way to read any file: pointed at
 * the gateway's private key, a device's {@code passwordFile} would send that key to a server of the
 * editor's choosing at the next test read. A console edit may keep the file a setting already names,
 * or name one in the {@code secrets} folder next to the profile, where the installer puts the
 * files meant for it; any other path is refused on its field.
 */
final class SecretPathGuard {
    static final String FOLDER = "secrets";

    private SecretPathGuard() {
    }

    /** Settings whose value is the path of a file the gateway reads and sends on (passwords, keys). */
    static boolean isSecretPath(String key) {
        return key.endsWith("File") || key.equals("userKey") || key.equals("userCertificate");
    }

    static List<Problem> check(Change change, ProfileView running, Path profileDir) {
        List<Problem> problems = new ArrayList<>();
        Path folder = profileDir.resolve(FOLDER).toAbsolutePath().normalize();
        if (change instanceof DeviceEdit edit) {
            Map<String, String> before = running.devices().stream()
                    .filter(d -> Objects.equals(d.id(), edit.originalId()))
                    .map(DeviceView::settings).findFirst().orElse(Map.of());
            edit.settings().forEach((key, value) -> check("settings", key, value, before.get(key), folder,
                    profileDir, problems));
        } else if (change instanceof UplinkEdit edit) {
            edit.fields().forEach((key, value) -> check("uplink." + key, key, value, running.uplink().get(key), folder,
                    profileDir, problems));
        }
        return problems;
    }

    private static void check(String field, String key, String value, String before, Path folder, Path profileDir,
            List<Problem> problems) {
        if (!isSecretPath(key) || value == null || value.isBlank() || value.trim().equals(before)) {
            return;
        }
        Path file = profileDir.resolve(value.trim()).toAbsolutePath().normalize();
        if (!file.startsWith(folder) || file.equals(folder)) {
            problems.add(new Problem(field, 0, "", key + ": a secret file set from the console must be in " + folder
                    + " (copy it there first): '" + value.trim() + "' is elsewhere"));
        }
    }
}
