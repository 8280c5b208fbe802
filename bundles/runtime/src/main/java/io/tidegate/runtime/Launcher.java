package io.tidegate.runtime;

import io.tidegate.engine.profile.ConsoleConfig;
import io.tidegate.engine.profile.ProfileException;
import io.tidegate.engine.profile.ProfileLoader;
import io.tidegate.engine.profile.SiteProfile;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Boots an OSGi framework through the standard {@link FrameworkFactory} with the Tidegate bundle
 * set. The site profile is validated before the framework is even created, so a bad profile never
 * starts anything; once it is valid, the engine's configurator feeds it into Configuration Admin.
 */
public final class Launcher implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Launcher.class.getName());
    private static final String SLF4J = "2.0.17";

    private final Framework framework;
    private final GatewayLogFile logFile;

    private Launcher(Framework framework, GatewayLogFile logFile) {
        this.framework = framework;
        this.logFile = logFile;
    }

    /**
     * Validates the profile, then creates, starts and populates the framework.
     *
     * @throws ProfileException when the profile is invalid (nothing was started)
     * @throws BundleException  when a bundle cannot be installed or started
     */
    public static Launcher start(LaunchOptions options) throws ProfileException, BundleException, IOException {
        SiteProfile site = ProfileLoader.load(options.profile());
        List<Path> bundles = bundleJars(options.bundlesDir());
        Files.createDirectories(options.dataDir());
        GatewayLogFile logFile = GatewayLogFile.attach(options.dataDir());

        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, options.dataDir().resolve("osgi-" + options.framework()).toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // Tahu logs through SLF4J; the launcher's classpath provides it, routed to java.util.logging.
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.slf4j;version=" + SLF4J + ",org.slf4j.spi;version="
                + SLF4J + ",org.slf4j.event;version=" + SLF4J + ",org.slf4j.helpers;version=" + SLF4J);
        props.put("tidegate.profile", options.profile().toAbsolutePath().toString());
        props.put("tidegate.data", options.dataDir().toAbsolutePath().toString());
        props.put("tidegate.status.interval", Integer.toString(options.statusIntervalSeconds()));
        props.put("ds.loglevel", "warn");
        httpServer(site.console()).forEach(props::put);
        if (site.console().enabled() && site.console().https()) {
            try {
                ConsoleCertificate.httpsProperties(site.console(), options.dataDir()).forEach(props::put);
            } catch (IOException e) {
                logFile.close();
                throw e;
            }
        }

        Framework framework;
        try {
            framework = factory(options).newFramework(props);
            framework.init();
        } catch (IOException | BundleException | RuntimeException e) {
            logFile.close();
            throw e;
        }
        List<Bundle> installed = new ArrayList<>();
        try {
            LogBridge.attachWhenAvailable(framework.getBundleContext());
            for (Path jar : bundles) {
                installed.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
            }
            framework.start();
            for (Bundle bundle : installed) {
                if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    bundle.start();
                }
            }
        } catch (BundleException | RuntimeException e) {
            // Never leave a half-started gateway polling and forwarding behind a failed start.
            new Launcher(framework, logFile).close();
            throw e;
        }
        LOG.log(Level.INFO, "{0} started with {1} bundles, profile {2}", options.framework(), installed.size(),
                options.profile());
        return new Launcher(framework, logFile);
    }

    /**
     * Where Felix HTTP listens, as framework properties: read when its server first starts, so it
     * never listens anywhere else, not even for a moment. A port of 0 in the profile turns it off.
     */
    static Map<String, String> httpServer(ConsoleConfig console) {
        Map<String, String> props = new HashMap<>();
        props.put("org.osgi.service.http.port", console.enabled() ? Integer.toString(console.port()) : "-1");
        props.put("org.apache.felix.http.host", console.bind());
        props.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        // A register map is posted as a form field, URL-encoded: Jetty's default 200 KB refused maps
        // of about 1,500 rows. 4 MiB holds tens of thousands of points and still bounds a request.
        props.put("org.apache.felix.http.jetty.maxFormSize", Integer.toString(4 * 1024 * 1024));
        return props;
    }

    public Framework framework() {
        return framework;
    }

    /** Bundles that are not ACTIVE (fragments excepted), as "name: state" lines. */
    public List<String> inactiveBundles() {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : framework.getBundleContext().getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                problems.add(bundle.getSymbolicName() + ": state " + bundle.getState());
            }
        }
        return problems;
    }

    /** Every Declarative Services component with its state. */
    public List<ComponentState> components() {
        return ComponentReport.of(framework.getBundleContext());
    }

    /**
     * Waits until every bundle is ACTIVE and every component satisfied, up to a timeout.
     *
     * @return what is still wrong; empty when all is well
     */
    public List<String> awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> problems;
        do {
            problems = new ArrayList<>(inactiveBundles());
            for (ComponentState component : components()) {
                if (!component.healthy()) {
                    problems.add(component.toString());
                }
            }
            if (problems.isEmpty()) {
                return problems;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return problems;
    }

    /** Stops the framework: components deactivate (NDEATH is sent, the store closes). */
    @Override
    public void close() {
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(30_000);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.log(Level.WARNING, "framework did not stop within 30 s");
            }
        } catch (BundleException e) {
            LOG.log(Level.WARNING, "framework stop failed: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            logFile.close();
        }
    }

    /** Blocks until the framework stops, stopping it cleanly on SIGTERM or Ctrl-C. */
    public void runUntilShutdown() throws InterruptedException {
        Thread hook = new Thread(this::close, "tidegate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        framework.waitForStop(0);
    }

    /**
     * Loads the named framework from its own folder in its own class loader. The OSGi API itself
     * (org.osgi.framework, version 1.10 in both frameworks) comes from the launcher's classpath, so
     * the launcher and the framework agree on Framework, Bundle and the rest.
     */
    private static FrameworkFactory factory(LaunchOptions options) throws IOException {
        Path dir = options.frameworkDir();
        if (!Files.isDirectory(dir)) {
            throw new IOException("no OSGi framework '" + options.framework() + "' in " + dir.getParent()
                    + " (use felix or equinox)");
        }
        List<URL> jars = new ArrayList<>();
        for (Path jar : bundleJars(dir)) {
            jars.add(jar.toUri().toURL());
        }
        ClassLoader loader = new URLClassLoader("osgi-" + options.framework(), jars.toArray(URL[]::new),
                Launcher.class.getClassLoader());
        for (FrameworkFactory factory : ServiceLoader.load(FrameworkFactory.class, loader)) {
            if (factory.getClass().getClassLoader() == loader) {
                return factory;
            }
        }
        throw new IOException("no FrameworkFactory in " + dir);
    }

    private static List<Path> bundleJars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " does not exist; build first (mvn -DskipTests install)");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IOException("no jars in " + dir);
            }
            return jars;
        }
    }
}
