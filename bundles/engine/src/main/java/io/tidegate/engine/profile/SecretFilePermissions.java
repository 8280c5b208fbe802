package io.tidegate.engine.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Checks that a file holding a secret (a key, a password) is readable by its owner only. */
final class SecretFilePermissions {
    private SecretFilePermissions() {
    }

    /** What is wrong with the file's permissions, or null when only its owner has access. */
    static String problem(Path file, String what) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return null; // not a POSIX file system: its ACLs are the installer's to set
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            return "cannot read the permissions of the " + what + ": " + e.getMessage();
        }
        boolean shared = permissions.stream().anyMatch(p -> !p.name().startsWith("OWNER_"));
        if (!shared) {
            return null;
        }
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("the %s may be read by group or others (mode %04o); it holds a secret: make it"
                + " readable by its owner only, e.g. chmod 600 %s", what, mode, file);
    }
}
