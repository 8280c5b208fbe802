package io.tidegate.cli.packaging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A bundle of the gateway's bundle set, with the identity OSGi knows it by.
 *
 * @param file         the JAR
 * @param symbolicName Bundle-SymbolicName without its directives (";singleton:=true")
 * @param version      Bundle-Version, "0.0.0" when the manifest has none (the OSGi default)
 */
public record BundleJar(Path file, String symbolicName, String version) {

    /**
     * Reads a JAR's bundle headers.
     *
     * @throws IOException when the file is not a JAR, or not an OSGi bundle (no Bundle-SymbolicName)
     */
    public static BundleJar read(Path file) throws IOException {
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile())) {
            manifest = jar.getManifest();
        } catch (IOException e) {
            throw new IOException(file + " is not a readable JAR: " + e.getMessage(), e);
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String bsn = main.getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            throw new IOException(file + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        }
        int semicolon = bsn.indexOf(';');
        String name = (semicolon < 0 ? bsn : bsn.substring(0, semicolon)).trim();
        String version = main.getValue("Bundle-Version");
        return new BundleJar(file, name, version == null || version.isBlank() ? "0.0.0" : version.trim());
    }

    /** The name the bundle is stored under in a deployment package. */
    public String resourceName() {
        return file.getFileName().toString();
    }
}
