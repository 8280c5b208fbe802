package io.tidegate.cli.packaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A Debian binary package written in Java: an ar archive of {@code debian-binary},
 * {@code control.tar.gz} and {@code data.tar.gz} (deb(5)), so a .deb can be built on any machine
 * with a JDK, not only where dpkg-deb is installed. Files belong to root:root; directories are
 * added for every parent, as dpkg-deb does.
 */
public final class DebArchive {

    /**
     * A file of the package: its absolute path on the target, its mode, and its content, either in
     * memory (scripts, the unit) or a file of the build, streamed so a 50 MB package fits a 64 MB heap.
     */
    public record Entry(String path, int mode, byte[] content, Path source) {
        long size() throws IOException {
            return content != null ? content.length : Files.size(source);
        }

        InputStream open() throws IOException {
            return content != null ? new ByteArrayInputStream(content) : Files.newInputStream(source);
        }
    }

    private final Map<String, String> control = new LinkedHashMap<>();
    private final Map<String, byte[]> scripts = new LinkedHashMap<>();
    private final List<String> conffiles = new ArrayList<>();
    private final List<Entry> files = new ArrayList<>();
    private final long mtime;

    /** @param mtimeSeconds the modification time of every member (SOURCE_DATE_EPOCH for reproducible builds) */
    public DebArchive(long mtimeSeconds) {
        this.mtime = mtimeSeconds;
    }

    /** A control field, in the order dpkg shows them (Package first). */
    public DebArchive field(String name, String value) {
        control.put(name, value);
        return this;
    }

    /** A maintainer script (postinst, prerm, postrm, preinst). */
    public DebArchive script(String name, byte[] text) {
        scripts.put(name, text);
        return this;
    }

    public DebArchive file(String path, int mode, byte[] content) {
        return add(new Entry(path, mode, content, null));
    }

    /** A file copied from the build when the package is written. */
    public DebArchive file(String path, int mode, Path source) {
        return add(new Entry(path, mode, null, source));
    }

    private DebArchive add(Entry entry) {
        if (!entry.path().startsWith("/")) {
            throw new IllegalArgumentException("package paths are absolute: " + entry.path());
        }
        files.add(entry);
        return this;
    }

    /** A file under /etc that dpkg keeps when the administrator has changed it. */
    public DebArchive conffile(String path, byte[] content) {
        conffiles.add(path);
        return file(path, 0644, content);
    }

    public List<Entry> files() {
        return List.copyOf(files);
    }

    /**
     * Writes the .deb.
     *
     * @param scratch  a folder for the data member while it is built (it may be large)
     * @param progress told the path of each file as it is packed
     */
    public void write(OutputStream out, Path scratch, Consumer<String> progress) throws IOException {
        Path data = Files.createTempFile(scratch, "data", ".tar.gz");
        try {
            Map<String, String> sums = new LinkedHashMap<>();
            long installedBytes;
            try (OutputStream dataOut = Files.newOutputStream(data)) {
                installedBytes = dataTar(dataOut, sums, progress);
            }
            control.putIfAbsent("Installed-Size", Long.toString((installedBytes + 1023) / 1024));
            byte[] controlTar = controlTar(sums);
            try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
                byte[] version = "2.0\n".getBytes(StandardCharsets.US_ASCII);
                member(ar, "debian-binary", version.length, new ByteArrayInputStream(version));
                member(ar, "control.tar.gz", controlTar.length, new ByteArrayInputStream(controlTar));
                try (InputStream in = Files.newInputStream(data)) {
                    member(ar, "data.tar.gz", Files.size(data), in);
                }
                ar.finish();
            }
        } finally {
            Files.deleteIfExists(data);
        }
    }

    private void member(ArArchiveOutputStream ar, String name, long length, InputStream in) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, length, 0, 0, 0100644, mtime));
        in.transferTo(ar);
        ar.closeArchiveEntry();
    }

    private byte[] controlTar(Map<String, String> sums) throws IOException {
        StringBuilder text = new StringBuilder();
        control.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("control", text.toString().getBytes(StandardCharsets.UTF_8));
        if (!conffiles.isEmpty()) {
            members.put("conffiles", (String.join("\n", conffiles) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder md5sums = new StringBuilder();
        sums.forEach((path, sum) -> md5sums.append(sum).append("  ").append(path.substring(1)).append('\n'));
        members.put("md5sums", md5sums.toString().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        tarGz(bytes, tar -> {
            directory(tar, "./");
            for (var m : members.entrySet()) {
                regular(tar, "./" + m.getKey(), 0644, m.getValue().length, new ByteArrayInputStream(m.getValue()));
            }
            for (var s : scripts.entrySet()) {
                regular(tar, "./" + s.getKey(), 0755, s.getValue().length, new ByteArrayInputStream(s.getValue()));
            }
        });
        return bytes.toByteArray();
    }

    /** Writes data.tar.gz; returns the bytes installed and fills {@code sums} with each file's MD5. */
    private long dataTar(OutputStream out, Map<String, String> sums, Consumer<String> progress) throws IOException {
        // every parent directory once, sorted, before the files
        TreeMap<String, Boolean> dirs = new TreeMap<>();
        for (Entry e : files) {
            for (Path p = Path.of(e.path()).getParent(); p != null && p.getParent() != null; p = p.getParent()) {
                dirs.put(p.toString() + "/", Boolean.TRUE);
            }
        }
        long[] installed = {0};
        tarGz(out, tar -> {
            directory(tar, "./");
            for (String d : dirs.keySet()) {
                directory(tar, "." + d);
            }
            for (Entry e : files) {
                MessageDigest md5 = md5();
                long size = e.size();
                try (InputStream in = new DigestInputStream(e.open(), md5)) {
                    regular(tar, "." + e.path(), e.mode(), size, in);
                }
                sums.put(e.path(), HexFormat.of().formatHex(md5.digest()));
                installed[0] += size;
                progress.accept(e.path());
            }
        });
        return installed[0];
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5"); // what dpkg's md5sums file holds; not a security use
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private void tarGz(OutputStream out, TarBody body) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(new NonClosing(out)))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            body.write(tar);
            tar.finish();
        }
    }

    /** Lets the tar stream close its gzip trailer without closing the file it writes into. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        owned(entry);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private void regular(TarArchiveOutputStream tar, String name, int mode, long size, InputStream content)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(0100000 | mode);
        entry.setSize(size);
        owned(entry);
        tar.putArchiveEntry(entry);
        content.transferTo(tar);
        tar.closeArchiveEntry();
    }

    private void owned(TarArchiveEntry entry) {
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("root");
        entry.setGroupName("root");
        entry.setModTime(mtime * 1000);
    }
}
