package io.tidegate.runtime;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;

/**
 * Forwards warnings and errors from the OSGi Log Service (where the framework's services such as
 * SCR report wiring and activation failures) to the launcher's log, so they are never invisible.
 * The Log Service API belongs to its bundle, so the listener is a dynamic proxy of its interface.
 */
final class LogBridge {
    private static final Logger LOG = System.getLogger("osgi");
    private static final String READER = "org.osgi.service.log.LogReaderService";

    private LogBridge() {
    }

    static void attachWhenAvailable(BundleContext context) {
        try {
            context.addServiceListener(event -> {
                if (event.getType() == ServiceEvent.REGISTERED) {
                    attach(context, event.getServiceReference());
                }
            }, "(objectClass=" + READER + ")");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void attach(BundleContext context, ServiceReference<?> reference) {
        Object reader = context.getService(reference);
        try {
            ClassLoader api = reader.getClass().getClassLoader();
            Class<?> listenerType = api.loadClass("org.osgi.service.log.LogListener");
            Class<?> entryType = api.loadClass("org.osgi.service.log.LogEntry");
            Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
                    (proxy, method, args) -> {
                        if (method.getName().equals("logged")) {
                            logged(entryType, args[0]);
                        }
                        return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                : method.getName().equals("equals") ? proxy == args[0] : null;
                    });
            Method add = api.loadClass(READER).getMethod("addLogListener", listenerType);
            add.invoke(reader, listener);
        } catch (ReflectiveOperationException e) {
            LOG.log(Level.WARNING, "cannot follow the OSGi log: {0}", e.toString());
        }
    }

    /** Reads the entry through the LogEntry interface: the implementation class itself is not public. */
    private static void logged(Class<?> entryType, Object entry) throws ReflectiveOperationException {
        int level = (Integer) entryType.getMethod("getLevel").invoke(entry);
        if (level > 2) {
            return; // LOG_INFO and LOG_DEBUG stay in the Log Service
        }
        Object bundle = entryType.getMethod("getBundle").invoke(entry);
        String source = bundle instanceof org.osgi.framework.Bundle b ? b.getSymbolicName() : "osgi";
        Object message = entryType.getMethod("getMessage").invoke(entry);
        Throwable error = (Throwable) entryType.getMethod("getException").invoke(entry);
        LOG.log(level == 1 ? Level.ERROR : Level.WARNING, source + ": " + message + (error == null ? "" : " (" + error + ")"));
    }
}
