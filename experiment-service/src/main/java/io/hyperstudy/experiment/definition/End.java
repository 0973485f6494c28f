package io.hyperstudy.experiment.definition;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a state ends. {@code TIMER} ends after {@code seconds}; {@code ALL_SUBMITTED} when every
 * participant the state is for has submitted its focus component, or after {@code seconds} if given
 * (a cap, so one idle participant cannot hold the room forever); {@code EXPERIMENTER} when staff
 * advance the room, again capped by {@code seconds} if given.
 */
public record End(Kind kind, Double seconds) {

    public enum Kind {
        @JsonProperty("timer") TIMER,
        @JsonProperty("allSubmitted") ALL_SUBMITTED,
        @JsonProperty("experimenter") EXPERIMENTER
    }
}
