package io.tidegate.cli.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An OSGi deployment package (.dp, OSGi Compendium chapter 114, what Eclipse Kura installs): a JAR
 * whose manifest names the package ({@code DeploymentPackage-SymbolicName},
 * {@code DeploymentPackage-Version}) and has one Name section per bundle with its
 * {@code Bundle-SymbolicName} and {@code Bundle-Version}. The manifest is the first entry and the
 * bundles follow in the manifest's order (114.3: manifest, signatures, localization, bundles,
 * resources), because Deployment Admin reads the package as a stream.
 *
 * <p>The manifest is written by hand: {@link java.util.jar.Manifest} keeps its Name sections in a
 * hash map and would lose that order.
 */
public final class DeploymentPackage {
    private final String symbolicName;
    private final String version;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<BundleJar> bundles;

    /**
     * @param symbolicName the package's name, e.g. io.tidegate
     * @param version      an OSGi version, e.g. 0.1.0.SNAPSHOT
     * @param bundles      the bundles in installation order
     */
    public DeploymentPackage(String symbolicName, String version, List<BundleJar> bundles) {
        this.symbolicName = symbolicName;
        this.version = version;
        this.bundles = List.copyOf(bundles);
        Set<String> names = new HashSet<>();
        for (BundleJar b : bundles) {
            if (!names.add(b.resourceName())) {
                throw new IllegalArgumentException("two bundles are named " + b.resourceName());
            }
        }
    }

    /** An optional header of the package, e.g. DeploymentPackage-Name. */
    public DeploymentPackage header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public void write(OutputStream out, Consumer<String> progress) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(manifest().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (BundleJar b : bundles) {
                zip.putNextEntry(new ZipEntry(b.resourceName()));
                try (InputStream in = Files.newInputStream(b.file())) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
                progress.accept(b.resourceName());
            }
        }
    }

    String manifest() {
        StringBuilder m = new StringBuilder();
        header(m, "Manifest-Version", "1.0");
        header(m, "DeploymentPackage-SymbolicName", symbolicName);
        header(m, "DeploymentPackage-Version", version);
        headers.forEach((k, v) -> header(m, k, v));
        m.append("\r\n");
        for (BundleJar b : bundles) {
            header(m, "Name", b.resourceName());
            header(m, "Bundle-SymbolicName", b.symbolicName());
            header(m, "Bundle-Version", b.version());
            m.append("\r\n");
        }
        return m.toString();
    }

    /** One header, folded at 72 bytes with continuation lines that start with a space (JAR spec). */
    private static void header(StringBuilder m, String name, String value) {
        byte[] line = (name + ": " + value).getBytes(StandardCharsets.UTF_8);
        int start = 0;
        int limit = 72;
        while (line.length - start > limit) {
            int end = start + limit;
            while ((line[end] & 0xC0) == 0x80) {
                end--; // never split a UTF-8 character
            }
            m.append(new String(line, start, end - start, StandardCharsets.UTF_8)).append("\r\n ");
            start = end;
            limit = 71;
        }
        m.append(new String(line, start, line.length - start, StandardCharsets.UTF_8)).append("\r\n");
    }
}
