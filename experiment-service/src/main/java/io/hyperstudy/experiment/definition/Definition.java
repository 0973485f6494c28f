package io.hyperstudy.experiment.definition;

import java.util.List;

/**
 * What an experiment is: the roles participants play and the ordered states a room goes through.
 * A draft may be incomplete (no roles or states yet); a published version may not.
 */
public record Definition(List<Role> roles, List<State> states) {

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
