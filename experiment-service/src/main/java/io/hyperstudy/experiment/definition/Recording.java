package io.hyperstudy.experiment.definition;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether media-service records the state's call: not at all, one composite file, or one file per participant. */
public enum Recording {
    @JsonProperty("none") NONE,
    @JsonProperty("composite") COMPOSITE,
    @JsonProperty("tracks") TRACKS
}
