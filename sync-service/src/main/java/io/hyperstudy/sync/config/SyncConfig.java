package io.hyperstudy.sync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "hyperstudy.sync")
public interface SyncConfig {

    /** Largest client frame accepted; larger ones get a too-large error frame. */
    @WithDefault("4096")
    int maxFrameBytes();

    /** Frames a client may send each second (reports are ~4/s, pongs ~2/s). */
    @WithDefault("20")
    int maxFramesPerSecond();

    /** Frames a client may send in a burst above that rate. */
    @WithDefault("40")
    int frameBurst();

    /** Frames refused for rate before the connection is closed with 1008. */
    @WithDefault("50")
    int maxRefusedFrames();

    /** How long a processed event id is remembered, so a redelivered event is applied once. */
    @WithDefault("P2D")
    Duration eventDedupWindow();
}
