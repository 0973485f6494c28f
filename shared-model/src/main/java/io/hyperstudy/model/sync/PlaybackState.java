package io.hyperstudy.model.sync;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum PlaybackState {
    @JsonProperty("playing") PLAYING,
    @JsonProperty("paused") PAUSED,
    @JsonProperty("buffering") BUFFERING
}
