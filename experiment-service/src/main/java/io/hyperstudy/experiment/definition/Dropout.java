package io.hyperstudy.experiment.definition;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a room does when a participant disconnects during a state: {@code PAUSE} the room for up to
 * {@code graceSeconds} waiting for them to come back (then continue without them), {@code CONTINUE}
 * without them at once, or {@code END_ROOM}.
 */
public record Dropout(Policy policy, Double graceSeconds) {

    public static final Dropout DEFAULT = new Dropout(Policy.CONTINUE, null);

    public enum Policy {
        @JsonProperty("pause") PAUSE,
        @JsonProperty("continue") CONTINUE,
        @JsonProperty("endRoom") END_ROOM
    }
}
