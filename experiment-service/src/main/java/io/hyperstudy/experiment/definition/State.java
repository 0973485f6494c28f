package io.hyperstudy.experiment.definition;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One step of the experiment. The {@code focus} component is what the state is about; {@code globals}
 * are shown alongside it, and a global whose id recurs in the next state stays mounted across the
 * transition (a call that stays connected, a chat that keeps its history). {@code roles} limits who
 * sees the state (empty: everyone); the others wait until it ends.
 */
public record State(String id, String title, List<String> roles, Component focus, List<Component> globals,
                    End end, Dropout dropout, Recording recording) {

    public List<Component> globalsOrEmpty() {
        return globals == null ? List.of() : globals;
    }

    public List<String> rolesOrEmpty() {
        return roles == null ? List.of() : roles;
    }

    /** The focus and the globals, in that order (what a participant sees in this state). */
    public List<Component> components() {
        return Stream.concat(Stream.ofNullable(focus), globalsOrEmpty().stream()).filter(Objects::nonNull).toList();
    }

    public Recording recordingOrNone() {
        return recording == null ? Recording.NONE : recording;
    }
}
