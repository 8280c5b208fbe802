package io.tidegate.runtime;

import java.util.List;

/**
 * One Declarative Services component as the framework sees it.
 *
 * @param bundle      the bundle declaring it
 * @param name        the component name
 * @param state       ACTIVE, SATISFIED, UNSATISFIED_REFERENCE, UNSATISFIED_CONFIGURATION, FAILED_ACTIVATION, ...
 * @param unsatisfied references that are not satisfied, if any
 * @param failure     activation failure message, or empty
 */
public record ComponentState(String bundle, String name, String state, List<String> unsatisfied, String failure) {
    public boolean healthy() {
        return state.equals("ACTIVE") || state.equals("SATISFIED");
    }
}
