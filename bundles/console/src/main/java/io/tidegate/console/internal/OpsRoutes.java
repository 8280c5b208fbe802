package io.tidegate.console.internal;

import io.tidegate.api.ConnectionTester;
import io.tidegate.api.DeviceDiscovery;
import io.tidegate.api.Driver;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console's operations API: the events and alarms history, the uplink's "test connection", and
 * device discovery (Modbus unit scan, OPC UA browse). The services behind the last two are optional
 * and looked up at each request, so the console works without them and picks them up when their
 * bundles come. {@link ConsoleServlet} has already checked the session (and CSRF for POST).
 */
final class OpsRoutes implements AutoCloseable {
    private static final int DEFAULT_EVENTS = 200;

    private final BundleContext context;
    private final EventHistory events;
    private final DiscoveryJobs jobs = new DiscoveryJobs();
    private final java.util.function.Predicate<String> passwordFileAllowed;

    /**
     * @param passwordFileAllowed whether the test-connection form may name this password file: its
     *                            content goes to the broker the form names
     */
    OpsRoutes(BundleContext context, EventHistory events, java.util.function.Predicate<String> passwordFileAllowed) {
        this.context = context;
        this.events = events;
        this.passwordFileAllowed = passwordFileAllowed;
    }

    /** Answers the request if it is one of these; false when it is not. */
    boolean handle(String method, String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (method + " " + path) {
            case "GET /api/events" -> events(req, resp);
            case "POST /api/uplink/test" -> testConnection(req, resp);
            case "GET /api/discovery" -> discoveryDrivers(resp);
            case "POST /api/discovery" -> startDiscovery(req, resp);
            case "GET /api/discovery/job" -> discoveryJob(req, resp);
            default -> {
                return false;
            }
        }
        return true;
    }

    private void events(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int max = DEFAULT_EVENTS;
        String text = req.getParameter("max");
        if (text != null) {
            try {
                max = Math.max(1, Math.min(10_000, Integer.parseInt(text.trim())));
            } catch (NumberFormatException e) {
                ApiResponses.fieldError(resp, "max", "'" + text + "' is not a number of events");
                return;
            }
        }
        List<Object> list = new ArrayList<>();
        events.newest(max).forEach(e -> list.add(e.toJson()));
        ApiResponses.json(resp, 200, Map.of("events", list));
    }

    private void testConnection(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ConnectionTester.Target target;
        try {
            target = ConnectionTestRequest.read(req, passwordFileAllowed);
        } catch (ConnectionTestRequest.FieldException e) {
            ApiResponses.fieldError(resp, e.field, e.getMessage());
            return;
        }
        ServiceReference<ConnectionTester> ref = context.getServiceReference(ConnectionTester.class);
        ConnectionTester tester = ref == null ? null : context.getService(ref);
        if (tester == null) {
            ApiResponses.error(resp, 503, "no uplink bundle that can test a connection is running");
            return;
        }
        try {
            ConnectionTester.Result result = tester.test(target);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("connected", result.connected());
            out.put("outcome", result.outcome().name());
            out.put("message", result.message());
            out.put("millis", result.millis());
            ApiResponses.json(resp, 200, out);
        } finally {
            context.ungetService(ref);
        }
    }

    private void discoveryDrivers(HttpServletResponse resp) throws IOException {
        List<Object> drivers = new ArrayList<>();
        for (Map.Entry<String, ServiceReference<DeviceDiscovery>> e : discoveries().entrySet()) {
            DeviceDiscovery discovery = context.getService(e.getValue());
            if (discovery == null) {
                continue;
            }
            try {
                DeviceDiscovery.Description description = discovery.describe();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("driver", e.getKey());
                m.put("action", description.action());
                m.put("parameters", description.parameters());
                drivers.add(m);
            } finally {
                context.ungetService(e.getValue());
            }
        }
        ApiResponses.json(resp, 200, Map.of("drivers", drivers));
    }

    private void startDiscovery(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String driver = req.getParameter("driver");
        ServiceReference<DeviceDiscovery> ref = driver == null ? null : discoveries().get(driver.trim());
        if (ref == null) {
            ApiResponses.fieldError(resp, "driver", "no driver '" + driver + "' that can discover devices; these can: "
                    + discoveries().keySet());
            return;
        }
        DeviceDiscovery discovery = context.getService(ref);
        if (discovery == null) {
            ApiResponses.error(resp, 503, "the driver '" + driver + "' has just gone away");
            return;
        }
        // Only the parameters the driver names, and only those filled in: an empty form field means "the default".
        Map<String, String> parameters = new HashMap<>();
        for (String name : discovery.describe().parameters().keySet()) {
            String value = req.getParameter(name);
            if (value != null && !value.isBlank()) {
                parameters.put(name, value.trim());
            }
        }
        parameters.put("driver", driver.trim());
        try {
            long id = jobs.start(driver.trim(), new Released(discovery, ref), parameters);
            ApiResponses.json(resp, 202, Map.of("job", id));
        } catch (IllegalStateException e) {
            context.ungetService(ref);
            ApiResponses.error(resp, 409, e.getMessage());
        }
    }

    private void discoveryJob(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> status;
        try {
            status = jobs.status(Long.parseLong(String.valueOf(req.getParameter("id")).trim()));
        } catch (NumberFormatException e) {
            ApiResponses.fieldError(resp, "id", "give the job number POST /api/discovery answered");
            return;
        }
        if (status == null) {
            ApiResponses.error(resp, 404, "no such discovery job (only the last few are kept)");
            return;
        }
        ApiResponses.json(resp, 200, status);
    }

    /** Discovery services by driver name (a service may serve several names). */
    private Map<String, ServiceReference<DeviceDiscovery>> discoveries() {
        Map<String, ServiceReference<DeviceDiscovery>> out = new TreeMap<>();
        Collection<ServiceReference<DeviceDiscovery>> refs;
        try {
            refs = context.getServiceReferences(DeviceDiscovery.class, null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (ServiceReference<DeviceDiscovery> ref : refs) {
            Object names = ref.getProperty(Driver.NAME_PROPERTY);
            List<String> list = names instanceof String[] many ? Arrays.asList(many)
                    : names == null ? List.of() : List.of(String.valueOf(names));
            for (String name : list) {
                out.putIfAbsent(name, ref);
            }
        }
        return out;
    }

    @Override
    public void close() {
        jobs.close();
    }

    /** Gives the service back once its run is over. */
    private final class Released implements DeviceDiscovery {
        private final DeviceDiscovery delegate;
        private final ServiceReference<DeviceDiscovery> ref;

        Released(DeviceDiscovery delegate, ServiceReference<DeviceDiscovery> ref) {
            this.delegate = delegate;
            this.ref = ref;
        }

        @Override
        public Description describe() {
            return delegate.describe();
        }

        @Override
        public Result discover(Map<String, String> parameters, java.util.function.Consumer<Progress> progress)
                throws io.tidegate.api.DriverException {
            try {
                return delegate.discover(parameters, progress);
            } finally {
                context.ungetService(ref);
            }
        }
    }
}
