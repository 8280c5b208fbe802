package io.tidegate.uplink.mqtt.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads files that hold secrets (private keys, passwords). Such a file must be readable by its
 * owner only (mode 0600 or 0400): one that group or others can read is refused, because the
 * secret in it is then no secret on a shared gateway. Messages name the file, never its contents.
 */
final class SecretFiles {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretFiles() {
    }

    /**
     * Checks that only the owner may read the file.
     *
     * @throws IOException naming the file, its mode and the fix, when group or others have access
     */
    static void checkOwnerOnly(Path file, String what) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system (e.g. Windows): its ACLs are the installer's to set
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.stream().anyMatch(OTHERS::contains)) {
            throw new IOException("the " + what + " " + file + " may be read by group or others (mode "
                    + mode(permissions) + "); it holds a secret: make it readable by its owner only, e.g. chmod 600 "
                    + file);
        }
    }

    /** Reads a password file (after the permission check); surrounding whitespace is dropped. */
    static char[] readPassword(Path file, String what) throws IOException {
        checkOwnerOnly(file, what);
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException e) {
            throw new IOException("cannot read the " + what + " " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    static String mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }
}
