package io.tidegate.cli.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file whole or not at all: into a temporary file in the same folder, then renamed over
 * the target, so a power cut during provisioning never leaves half a key or half a profile.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code target} with the default permissions. */
    public static void write(Path target, byte[] bytes) throws IOException {
        replace(target, bytes, false);
    }

    /**
     * Writes a secret (a private key): mode 0600 from the moment the file exists, never readable by
     * anyone else even for an instant.
     */
    public static void writeOwnerOnly(Path target, byte[] bytes) throws IOException {
        replace(target, bytes, true);
    }

    private static void replace(Path target, byte[] bytes, boolean secret) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        boolean posix = Files.getFileStore(folder).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = secret && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp", attributes);
        try {
            if (!secret && posix) {
                // createTempFile makes 0600; a profile or a CSR is not secret
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
