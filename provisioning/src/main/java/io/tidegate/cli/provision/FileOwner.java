package io.tidegate.cli.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * The user (and its group of the same name, as {@code useradd --user-group} makes it) that the
 * provisioned files are given to, so the gateway's service user can read its own key while the key
 * stays readable by its owner only.
 */
public final class FileOwner {
    private final UserPrincipal user;
    private final GroupPrincipal group;

    private FileOwner(UserPrincipal user, GroupPrincipal group) {
        this.user = user;
        this.group = group;
    }

    /**
     * Looks the user up before anything is written.
     *
     * @param near a path on the file system the files go to (its user database)
     * @throws IllegalArgumentException when there is no such user
     */
    public static FileOwner lookup(String name, Path near) throws IOException {
        UserPrincipalLookupService users = near.toAbsolutePath().getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user;
        try {
            user = users.lookupPrincipalByName(name);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("--owner " + name + ": no such user on this machine (the tidegate"
                    + " package creates the user tidegate)");
        }
        GroupPrincipal group;
        try {
            group = users.lookupPrincipalByGroupName(name);
        } catch (UserPrincipalNotFoundException e) {
            group = null; // no group of that name: only the owner changes
        }
        return new FileOwner(user, group);
    }

    /** Changes the owner (and group) of one file; needs root unless it is already the caller's. */
    public void apply(Path file) throws IOException {
        try {
            Files.setOwner(file, user);
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (group != null && view != null) {
                view.setGroup(group);
            }
        } catch (java.nio.file.FileSystemException e) {
            throw new IOException("cannot give " + file + " to " + user.getName() + " (run as root?): " + e.getMessage(), e);
        }
    }
}
