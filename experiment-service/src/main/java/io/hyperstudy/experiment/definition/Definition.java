package io.hyperstudy.experiment.definition;

import java.util.List;

/**
 * What an experiment is: the roles participants play, the ordered states a room goes through, and the
 * consent form a participant accepts before joining the line (none: they join it at once). A draft may
 * be incomplete (no roles or states yet); a published version may not.
 */
public record Definition(List<Role> roles, List<State> states, Consent consent) {

    public Definition(List<Role> roles, List<State> states) {
        this(roles, states, null);
    }

    public static Definition empty() {
        return new Definition(List.of(), List.of());
    }

    public List<Role> rolesOrEmpty() {
        return roles == null ? List.of() : roles;
    }

    public List<State> statesOrEmpty() {
        return states == null ? List.of() : states;
    }
}
