package io.tidegate.cli;

import io.tidegate.cli.packaging.BundleJar;
import io.tidegate.cli.packaging.DebArchive;
import io.tidegate.cli.packaging.DeploymentPackage;
import io.tidegate.cli.packaging.GatewayDeb;
import io.tidegate.runtime.LaunchOptions;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Builds the gateway's .deb (systemd service) and its Kura deployment package (.dp). */
@Command(name = "package", mixinStandardHelpOptions = true,
        description = {"Build the gateway's Debian package (systemd service, dedicated user, watchdog) and a Kura"
                + " deployment package (.dp) of its bundles. Without --deb or --dp, builds both."})
final class PackageCommand implements Callable<Integer> {

    /**
     * Bundles a Kura gateway already runs: its Declarative Services, Configuration Admin, Metatype,
     * Event Admin, Log and its own HTTP server. Installing a second copy would start a second HTTP
     * server and duplicate the framework services, so the .dp leaves them out.
     */
    static final Set<String> KURA_PROVIDED = Set.of("org.apache.felix.scr", "org.apache.felix.configadmin",
            "org.apache.felix.metatype", "org.apache.felix.eventadmin", "org.apache.felix.log",
            "org.osgi.service.component", "org.osgi.util.function", "org.osgi.util.promise",
            "org.apache.felix.http.jetty12", "org.apache.felix.http.servlet-api", "org.apache.commons.fileupload",
            "org.apache.commons.commons-fileupload", "org.apache.commons.io", "org.apache.commons.commons-io");

    @Option(names = "--deb", description = "Build the .deb.")
    boolean deb;

    @Option(names = "--dp", description = "Build the Kura deployment package.")
    boolean dp;

    @Option(names = {"-o", "--out"}, defaultValue = ".", paramLabel = "DIR",
            description = "Where the packages go (default: the current folder).")
    Path out;

    @Option(names = "--home", paramLabel = "DIR",
            description = "The gateway's bundle set and frameworks (default: the one this command runs with).")
    Path home;

    @Option(names = "--lib", paramLabel = "JAR", split = ",",
            description = "The launcher's and CLI's JARs for the .deb (default: this command's own class path).")
    List<Path> lib;

    @Option(names = "--pkg-version", paramLabel = "VERSION",
            description = "Package version (default: the bundles' version, e.g. 0.1.0.SNAPSHOT; 0.1.0~SNAPSHOT in the .deb).")
    String version;

    @Option(names = "--maintainer", defaultValue = "Tidegate <tidegate@localhost>", paramLabel = "\"NAME <EMAIL>\"",
            description = "The .deb's Maintainer field (default: ${DEFAULT-VALUE}).")
    String maintainer;

    @Option(names = "--dp-include", paramLabel = "BSN", split = ",",
            description = "Put a bundle Kura normally provides into the .dp anyway (by symbolic name).")
    List<String> dpInclude = new ArrayList<>();

    @Override
    public Integer call() {
        if (!deb && !dp) {
            deb = true;
            dp = true;
        }
        try {
            Path base = home != null ? home : LaunchOptions.defaultHome();
            List<BundleJar> bundles = bundles(base);
            String osgiVersion = version != null ? version : bundleSetVersion(bundles);
            Files.createDirectories(out);
            long mtime = mtime();
            if (deb) {
                String debVersion = GatewayDeb.debianVersion(osgiVersion);
                DebArchive archive = GatewayDeb.build(base, lib != null ? lib : classPath(), debVersion, maintainer, mtime);
                Path target = out.resolve("tidegate_" + debVersion + "_all.deb");
                Progress progress = Progress.onStderr("building " + target.getFileName(), archive.files().size());
                writeAtomically(target, o -> archive.write(o, out, progress::step));
                progress.finish();
                System.out.println(target + ": " + archive.files().size() + " files; check it with dpkg-deb --info "
                        + "and --contents, install it with apt install ./" + target.getFileName());
            }
            if (dp) {
                List<BundleJar> forKura = forKura(bundles);
                DeploymentPackage pkg = new DeploymentPackage("io.tidegate", osgiVersion, forKura)
                        .header("DeploymentPackage-Name", "Tidegate edge gateway")
                        .header("DeploymentPackage-Description",
                                "Tidegate bundles for Eclipse Kura: drivers, store-and-forward queue, Sparkplug B uplink");
                Path target = out.resolve("tidegate_" + osgiVersion + ".dp");
                Progress progress = Progress.onStderr("building " + target.getFileName(), forKura.size());
                writeAtomically(target, o -> pkg.write(o, progress::step));
                progress.finish();
                System.out.println(target + ": " + forKura.size() + " bundles (framework services left to Kura: "
                        + (bundles.size() - forKura.size()) + "); install it from Kura's Packages page");
            }
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("tidegate package: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("tidegate package: " + e.getMessage());
            return 1;
        }
    }

    private static List<BundleJar> bundles(Path home) throws IOException {
        Path folder = home.resolve("bundles");
        if (!Files.isDirectory(folder)) {
            throw new IOException("no bundle set in " + folder + " (build it with `mvn package -pl provisioning -am`,"
                    + " or give --home)");
        }
        List<BundleJar> bundles = new ArrayList<>();
        try (var files = Files.list(folder)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                bundles.add(BundleJar.read(p));
            }
        }
        return bundles;
    }

    /** The version of Tidegate's own API bundle: every io.tidegate bundle shares it. */
    private static String bundleSetVersion(List<BundleJar> bundles) throws IOException {
        return bundles.stream().filter(b -> b.symbolicName().equals("io.tidegate.api")).map(BundleJar::version)
                .findFirst().orElseThrow(() -> new IOException("the bundle set has no io.tidegate.api bundle;"
                        + " give --pkg-version"));
    }

    /**
     * The bundles for Kura, in installation order: libraries first, then Tidegate's API, then the
     * bundles that use it, so each one's imports are installed before it.
     */
    private List<BundleJar> forKura(List<BundleJar> bundles) {
        Set<String> wanted = new TreeSet<>(dpInclude);
        return bundles.stream()
                .filter(b -> wanted.contains(b.symbolicName()) || !KURA_PROVIDED.contains(b.symbolicName()))
                .sorted(Comparator.comparingInt(PackageCommand::rank).thenComparing(BundleJar::symbolicName))
                .toList();
    }

    private static int rank(BundleJar b) {
        if (b.symbolicName().equals("io.tidegate.api")) {
            return 1;
        }
        return b.symbolicName().startsWith("io.tidegate.") ? 2 : 0;
    }

    private static List<Path> classPath() {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                jars.add(Path.of(entry));
            }
        }
        return jars;
    }

    /** SOURCE_DATE_EPOCH when set (reproducible builds), else now. */
    private static long mtime() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("\\d+")) {
            return Long.parseLong(epoch);
        }
        return System.currentTimeMillis() / 1000;
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** A half-written package never sits under the final name. */
    private static void writeAtomically(Path target, Writer writer) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".part");
        try {
            try (OutputStream o = Files.newOutputStream(temp)) {
                writer.write(o);
            }
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
