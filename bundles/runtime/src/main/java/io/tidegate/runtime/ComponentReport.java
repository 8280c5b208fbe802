package io.tidegate.runtime;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Reads component states from the framework's ServiceComponentRuntime. The launcher lives outside
 * the framework, where the DS API classes are the bundle's, not ours; the DTOs are plain public
 * fields, so reflection reads them without sharing classes.
 */
final class ComponentReport {
    private static final String SCR = "org.osgi.service.component.runtime.ServiceComponentRuntime";

    private ComponentReport() {
    }

    static List<ComponentState> of(BundleContext context) {
        List<ComponentState> states = new ArrayList<>();
        ServiceReference<?> reference = anyReference(context);
        if (reference == null) {
            states.add(new ComponentState("-", "Declarative Services runtime", "MISSING", List.of(), ""));
            return states;
        }
        Object scr = context.getService(reference);
        try {
            Method descriptions = method(scr, "getComponentDescriptionDTOs", Bundle[].class);
            Collection<?> all = (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0]);
            for (Object description : all) {
                Object bundleDto = field(description, "bundle");
                String bundle = String.valueOf(field(bundleDto, "symbolicName"));
                String name = String.valueOf(field(description, "name"));
                Method configurations = method(scr, "getComponentConfigurationDTOs", description.getClass());
                Collection<?> configs = (Collection<?>) configurations.invoke(scr, description);
                if (configs.isEmpty()) {
                    states.add(new ComponentState(bundle, name, "UNSATISFIED_CONFIGURATION", List.of(), ""));
                }
                for (Object config : configs) {
                    int state = (Integer) field(config, "state");
                    List<String> unsatisfied = new ArrayList<>();
                    Object refs = field(config, "unsatisfiedReferences");
                    for (int i = 0; refs != null && i < Array.getLength(refs); i++) {
                        unsatisfied.add(String.valueOf(field(Array.get(refs, i), "name")));
                    }
                    Object failure = field(config, "failure");
                    states.add(new ComponentState(bundle, name, stateName(state), unsatisfied,
                            failure == null ? "" : failure.toString()));
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read component states: " + e, e);
        } finally {
            context.ungetService(reference);
        }
        return states;
    }

    /** The launcher shares no class space with SCR, so look up without the class-space filter. */
    private static ServiceReference<?> anyReference(BundleContext context) {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(SCR, null);
            return references == null ? null : references[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stateName(int state) {
        return switch (state) {
            case 1 -> "UNSATISFIED_CONFIGURATION";
            case 2 -> "UNSATISFIED_REFERENCE";
            case 4 -> "SATISFIED";
            case 8 -> "ACTIVE";
            case 16 -> "FAILED_ACTIVATION";
            default -> "STATE_" + state;
        };
    }

    private static Method method(Object target, String name, Class<?> parameter) throws NoSuchMethodException {
        for (Class<?> type : target.getClass().getInterfaces()) {
            for (Method m : type.getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 1
                        && m.getParameterTypes()[0].getName().equals(parameter.getName())) {
                    return m;
                }
            }
        }
        throw new NoSuchMethodException(name);
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        return target.getClass().getField(name).get(target);
    }
}
