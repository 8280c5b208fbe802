package io.tidegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tidegate.engine.profile.DemoProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The packages `tidegate package` builds, checked with Debian's own tools: dpkg-deb reads the
 * .deb, dpkg installs it into an empty root (its maintainer scripts run with DPKG_ROOT, as for an
 * image), systemd-analyze verifies the installed unit, and the gateway started from the installed
 * files talks to a real Unix datagram socket through the real systemd-notify. unzip opens the .dp.
 */
class DebianPackageTest {
    @TempDir
    static Path dir;
    static Path deb;
    static Path dp;

    /** What a command printed (stdout and stderr together) and its exit code. */
    record Result(int exit, String output) {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(p.exitValue(), output);
    }

    static Result ok(String... command) throws IOException, InterruptedException {
        Result r = run(List.of(command));
        assertEquals(0, r.exit(), String.join(" ", command) + ":\n" + r.output());
        return r;
    }

    /** The CLI's own JARs, as ./tidegate runs it: provisioning/target/tidegate-cli.jar and lib/. */
    static List<String> cliJars() throws IOException {
        Path target = Path.of(System.getProperty("tidegate.home")).resolve("../../../provisioning/target").normalize();
        List<String> jars = new ArrayList<>(List.of(target.resolve("tidegate-cli.jar").toString()));
        try (Stream<Path> lib = Files.list(target.resolve("lib"))) {
            lib.map(Path::toString).sorted().forEach(jars::add);
        }
        return jars;
    }

    @BeforeAll
    static void buildPackages() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = new CommandLine(new TidegateCommand()).execute("package", "-o", dir.toString(),
                    "--lib", String.join(",", cliJars()));
        } finally {
            System.setErr(saved);
        }
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> built = files.toList();
            deb = built.stream().filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();
            dp = built.stream().filter(p -> p.toString().endsWith(".dp")).findFirst().orElseThrow();
        }
    }

    @Test
    void dpkgDebReadsTheControlDataAndTheContents() throws Exception {
        String info = ok("dpkg-deb", "--info", deb.toString()).output();
        for (String expected : List.of(" Package: tidegate", " Architecture: all", " Depends: java17-runtime-headless",
                " Installed-Size: ", "postinst", "prerm", "postrm", "conffiles", "md5sums")) {
            assertTrue(info.contains(expected), expected + " in:\n" + info);
        }
        assertEquals("tidegate", ok("dpkg-deb", "--field", deb.toString(), "Package").output().strip());

        String contents = ok("dpkg-deb", "--contents", deb.toString()).output();
        assertTrue(contents.lines().anyMatch(l -> l.startsWith("-rwxr-xr-x root/root") && l.endsWith(" ./usr/bin/tidegate")),
                contents);
        assertTrue(contents.lines().anyMatch(l -> l.startsWith("-rw-r--r-- root/root")
                && l.endsWith(" ./usr/lib/systemd/system/tidegate.service")), contents);
        assertTrue(contents.contains(" ./usr/lib/systemd/system.conf.d/tidegate-watchdog.conf"), contents);
        assertTrue(contents.contains(" ./usr/share/tidegate/frameworks/felix/org.apache.felix.framework-"), contents);
        assertTrue(contents.contains(" ./usr/share/tidegate/lib/tidegate-cli.jar"), contents);
        try (Stream<Path> bundles = Files.list(Path.of(System.getProperty("tidegate.home"), "bundles"))) {
            for (Path b : bundles.toList()) {
                assertTrue(contents.contains(" ./usr/share/tidegate/bundles/" + b.getFileName() + "\n"), b.toString());
            }
        }
    }

    /** An empty root with just what useradd and dpkg need: passwd, group, shadow files and dpkg's database. */
    static Path emptyRoot() throws IOException {
        Path root = Files.createDirectories(dir.resolve("root-" + System.nanoTime()));
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.createFile(root.resolve("var/lib/dpkg/status"));
        Files.createFile(root.resolve("var/lib/dpkg/available"));
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\ndialout:x:20:\n");
        Files.writeString(etc.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(etc.resolve("gshadow"), "root:*::\ndialout:*::\n");
        return root;
    }

    static List<String> dpkg(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-script-chrootless",
                "--force-depends", "--force-not-root"));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void dpkgInstallsItWithADedicatedUserAndAUnitSystemdAccepts() throws Exception {
        Path root = emptyRoot();
        Result install = run(dpkg(root, "--install", deb.toString()));
        assertEquals(0, install.exit(), install.output());
        assertTrue(ok("dpkg", "--root=" + root, "--status", "tidegate").output().contains("Status: install ok installed"));
        Result verify = run(List.of("dpkg", "--root=" + root, "--verify", "tidegate"));
        assertEquals("", verify.output(), "every installed file matches the package's md5sums");

        // postinst: a system user with no login shell, and its folders
        String user = Files.readAllLines(root.resolve("etc/passwd")).stream().filter(l -> l.startsWith("tidegate:"))
                .findFirst().orElseThrow(() -> new AssertionError("no tidegate user in " + root.resolve("etc/passwd")));
        String[] fields = user.split(":");
        assertTrue(Integer.parseInt(fields[2]) < 1000, "a system uid: " + user);
        assertEquals("/usr/sbin/nologin", fields[6]);
        assertEquals("/var/lib/tidegate", fields[5]);
        PosixFileAttributes data = Files.readAttributes(root.resolve("var/lib/tidegate"), PosixFileAttributes.class);
        assertEquals("rwxr-x---", PosixFilePermissions.toString(data.permissions()));
        assertEquals(Integer.parseInt(fields[2]), Files.getAttribute(root.resolve("var/lib/tidegate"), "unix:uid"));
        assertEquals(Integer.parseInt(fields[3]), Files.getAttribute(root.resolve("etc/tidegate"), "unix:gid"));
        assertEquals(0, Files.getAttribute(root.resolve("etc/tidegate"), "unix:uid"));

        // enabled for boot; the unit itself verified by systemd with no warning at all
        Path wants = root.resolve("etc/systemd/system/multi-user.target.wants/tidegate.service");
        assertTrue(Files.isSymbolicLink(wants), "enabled: " + wants);
        assertEquals("/usr/lib/systemd/system/tidegate.service", Files.readSymbolicLink(wants).toString());
        Path unit = root.resolve("usr/lib/systemd/system/tidegate.service");
        Result analyze = run(List.of("systemd-analyze", "verify", unit.toString()));
        assertEquals(0, analyze.exit(), analyze.output());
        assertEquals("", analyze.output().strip(), "systemd-analyze verify has no complaint");
        Result security = run(List.of("systemd-analyze", "security", "--offline=true", "--threshold=50", unit.toString()));
        assertEquals(0, security.exit(), "exposure 5.0 or better (systemd's scale, 10 = unprotected):\n" + security.output());

        // purge: files, enablement and the data go; the user stays (Debian keeps system users)
        Result purge = run(dpkg(root, "--purge", "tidegate"));
        assertEquals(0, purge.exit(), purge.output());
        assertTrue(Files.notExists(root.resolve("usr/share/tidegate"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.notExists(root.resolve("var/lib/tidegate")));
        assertTrue(Files.notExists(wants, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void theInstalledGatewayTellsSystemdItIsReadyAndPingsTheWatchdog() throws Exception {
        Path root = emptyRoot();
        assertEquals(0, run(dpkg(root, "--install", deb.toString())).exit());
        Path share = root.resolve("usr/share/tidegate");

        // the demo site, with the uplink pointed at a closed port and the console off (no fixed ports)
        Path site = Files.createDirectories(dir.resolve("site"));
        Path profile = DemoProfile.copyTo(site);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Files.writeString(profile, Files.readString(profile).replace("port: 1883", "port: " + closedPort)
                .replace("port: 8080", "port: 0"));

        Path socket = dir.resolve("notify.sock");
        Path peerScript = Path.of(DebianPackageTest.class.getResource("/systemd/notify-socket.py").toURI());
        Process peer = new ProcessBuilder("/usr/bin/python3", peerScript.toString(), socket.toString())
                .redirectErrorStream(true).start();
        List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(peer.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    messages.add(line);
                }
            } catch (IOException e) {
                messages.add("reader: " + e);
            }
        });
        reader.start();
        Path log = dir.resolve("gateway.log");
        Process gateway = null;
        try {
            awaitMessage(messages, "listening", peer);
            // exactly the unit's ExecStart, on the installed files, with the environment systemd gives
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx64m", "-Dtidegate.home=" + share,
                    "-cp", share.resolve("lib") + "/*", "io.tidegate.runtime.Main", "--profile", profile.toString(),
                    "--data", dir.resolve("data").toString(), "--framework", "felix");
            builder.environment().put("NOTIFY_SOCKET", socket.toString());
            builder.environment().put("WATCHDOG_USEC", "2000000");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            gateway = builder.start();

            awaitMessage(messages, "READY=1", peer);
            long pings = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (pings < 3 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                synchronized (messages) {
                    pings = messages.stream().filter(m -> m.equals("WATCHDOG=1")).count();
                }
            }
            assertTrue(pings >= 3, "three watchdog pings (one a second for WatchdogSec=2s): " + messages
                    + "\nlog:\n" + Files.readString(log));
            assertTrue(messages.stream().anyMatch(m -> m.startsWith("READY=1|STATUS=running ")), messages.toString());

            gateway.destroy(); // SIGTERM, as systemctl stop
            assertTrue(gateway.waitFor(60, TimeUnit.SECONDS), "the gateway stops on SIGTERM");
            awaitMessage(messages, "STOPPING=1", peer);
        } finally {
            if (gateway != null) {
                gateway.destroyForcibly();
            }
            peer.destroyForcibly();
            peer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitMessage(List<String> messages, String prefix, Process peer) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            synchronized (messages) {
                if (messages.stream().anyMatch(m -> m.startsWith(prefix))) {
                    return;
                }
            }
            if (!peer.isAlive() && !prefix.equals("STOPPING=1")) {
                throw new AssertionError("the notify socket peer died: " + messages);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + prefix + " on the notify socket within 60 s: " + messages);
    }

    @Test
    void unzipOpensTheDeploymentPackageWithItsManifestFirst() throws Exception {
        List<String> names = ok("unzip", "-Z1", dp.toString()).output().lines().toList();
        assertEquals("META-INF/MANIFEST.MF", names.get(0));
        String manifest = ok("unzip", "-p", dp.toString(), "META-INF/MANIFEST.MF").output();
        assertTrue(manifest.contains("DeploymentPackage-SymbolicName: io.tidegate\r\n"), manifest);
        List<String> sections = manifest.replace("\r\n ", "").lines().filter(l -> l.startsWith("Name: "))
                .map(l -> l.substring(6)).toList();
        assertEquals(sections, names.subList(1, names.size()), "bundles stored in the manifest's order");
        ok("unzip", "-tq", dp.toString());
        for (String bundle : sections) {
            String inner = ok("sh", "-c", "unzip -p \"$0\" \"$1\" | head -c 100000000 > \"$2\"", dp.toString(), bundle,
                    dir.resolve("inner.jar").toString()).output();
            assertEquals("", inner);
            String bundleManifest = ok("unzip", "-p", dir.resolve("inner.jar").toString(), "META-INF/MANIFEST.MF").output();
            assertTrue(bundleManifest.contains("Bundle-SymbolicName: "), bundle);
        }
    }
}
