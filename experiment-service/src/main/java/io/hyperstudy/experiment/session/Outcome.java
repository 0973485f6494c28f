package io.hyperstudy.experiment.session;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a participant's part in a session ended; each maps to the completion code the session gives for
 * it. {@code ENDED} covers a room that ended early for reasons not the participant's own: the
 * experimenter ended it, or another participant's dropout did under an {@code endRoom} policy.
 */
public enum Outcome {
    @JsonProperty("completed") COMPLETED,
    @JsonProperty("timedOut") TIMED_OUT,
    @JsonProperty("dropped") DROPPED,
    @JsonProperty("ended") ENDED,
    @JsonProperty("noConsent") NO_CONSENT;

    public String wireName() {
        return switch (this) {
            case COMPLETED -> "completed";
            case TIMED_OUT -> "timedOut";
            case DROPPED -> "dropped";
            case ENDED -> "ended";
            case NO_CONSENT -> "noConsent";
        };
    }

    public static Outcome ofWireName(String name) {
        for (Outcome o : values()) {
            if (o.wireName().equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no outcome " + name);
    }
}
