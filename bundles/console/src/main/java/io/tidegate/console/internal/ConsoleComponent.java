package io.tidegate.console.internal;

import io.tidegate.api.Commissioning;
import io.tidegate.api.GatewayEventListener;
import io.tidegate.api.SampleStore;
import io.tidegate.api.SiteModel;
import io.tidegate.api.Uplink;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import javax.servlet.Servlet;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The installer console: registers its servlet with the OSGi HTTP Whiteboard, so whichever HTTP
 * service the framework has (Felix HTTP on the embedded runtime, Kura's own on a Kura gateway)
 * serves it. The whiteboard properties are written out rather than taken from the whiteboard's
 * annotations, so the bundle requires no particular implementation.
 */
@Component(configurationPid = ConsoleComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = ConsoleSettings.class)
public class ConsoleComponent {
    public static final String PID = "io.tidegate.console";
    private static final Logger LOG = System.getLogger(ConsoleComponent.class.getName());
    /** Events and alarms the events page keeps (in memory and in its file). */
    static final int EVENTS_KEPT = 1000;

    private final List<Uplink> uplinks = new CopyOnWriteArrayList<>();
    /** Bound dynamically: the engine restarts when a configuration is applied, the console stays. */
    private final LiveSite site = new LiveSite();
    private final java.util.concurrent.atomic.AtomicReference<Commissioning> commissioning =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final ServiceRegistration<Servlet> registration;
    private final Path urlFile;
    private final EventHistory events;
    private final GatewayEventWatcher eventWatcher;
    private final ServiceRegistration<GatewayEventListener> eventRegistration;
    private final OpsRoutes ops;

    @Activate
    public ConsoleComponent(@Reference SampleStore store, ConsoleSettings settings,
                            BundleContext context) throws IOException {
        Path dir = Path.of(settings.dataDir()).resolve("console");
        Credentials credentials = Credentials.open(dir);
        Sessions sessions = new Sessions(Duration.ofMinutes(settings.sessionTimeoutMinutes()), System::currentTimeMillis);
        GatewayView view = new GatewayView(site, store, () -> List.copyOf(uplinks));
        PrometheusMetrics metrics = new PrometheusMetrics(site, store, () -> List.copyOf(uplinks), view);
        DiagnosticsBundle diagnostics = new DiagnosticsBundle(view, metrics, context,
                settings.profile().isBlank() ? null : Path.of(settings.profile()), dir,
                new LogFiles(Path.of(settings.dataDir()).resolve("logs")));
        // The events page: its history survives a restart in a small file beside the console's secrets.
        events = EventHistory.open(dir.resolve("events.log"), EVENTS_KEPT);
        eventWatcher = new GatewayEventWatcher(site, events);
        eventRegistration = context.registerService(GatewayEventListener.class, eventWatcher, null);
        eventWatcher.start();
        Path profileDir = settings.profile().isBlank() ? null
                : Path.of(settings.profile()).toAbsolutePath().normalize().getParent();
        ops = new OpsRoutes(context, events, file -> passwordFileAllowed(profileDir, file));
        ConsoleServlet servlet = new ConsoleServlet(credentials, sessions, new LoginThrottle(System::currentTimeMillis),
                view, metrics, diagnostics, new CommissioningApi(commissioning::get), ops, settings.https());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", "/*");
        props.put("osgi.http.whiteboard.servlet.name", "tidegate-console");
        registration = context.registerService(Servlet.class, servlet, props);
        urlFile = dir.resolve("url");
        if (settings.port() > 0) {
            String host = settings.bind().equals("0.0.0.0") || settings.bind().equals("::") ? "127.0.0.1" : settings.bind();
            String url = (settings.https() ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host)
                    + ":" + settings.port() + "/";
            // Where `tidegate status` finds this gateway; not a secret.
            Files.writeString(urlFile, url + "\n");
            LOG.log(Level.INFO, "installer console on {3}://{0}:{1}/ ; API token for scripts in {2}", settings.bind(),
                    Integer.toString(settings.port()), credentials.apiTokenFile(), settings.https() ? "https" : "http");
        }
    }

    /**
     * A password file the test-connection form may name: the running uplink's, or one in the
     * {@code secrets} folder next to the profile (the rule of configuration edits too).
     */
    private boolean passwordFileAllowed(Path profileDir, String file) {
        if (profileDir == null) {
            return false;
        }
        Path secrets = profileDir.resolve("secrets");
        Path named = profileDir.resolve(file).toAbsolutePath().normalize();
        if (named.startsWith(secrets) && !named.equals(secrets)) {
            return true;
        }
        Commissioning c = commissioning.get();
        return c != null && file.equals(c.profile().uplink().get("passwordFile"));
    }

    @Deactivate
    void stop() {
        registration.unregister();
        eventRegistration.unregister();
        eventWatcher.close();
        ops.close();
        events.close();
        try {
            Files.deleteIfExists(urlFile);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not remove {0}: {1}", urlFile, e.toString());
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setSite(SiteModel engine) {
        site.set(engine);
    }

    void unsetSite(SiteModel engine) {
        site.clear(engine);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addUplink(Uplink uplink) {
        uplinks.add(uplink);
    }

    void removeUplink(Uplink uplink) {
        uplinks.remove(uplink);
    }

    /** Configuration editing, when the gateway runs from a site profile file (absent on Kura). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setCommissioning(Commissioning service) {
        commissioning.set(service);
    }

    void unsetCommissioning(Commissioning service) {
        commissioning.compareAndSet(service, null);
    }
}
