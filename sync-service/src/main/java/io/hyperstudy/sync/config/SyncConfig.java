package io.hyperstudy.sync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "hyperstudy.sync")
public interface SyncConfig {

    /** Largest client frame accepted; larger ones get a too-large error frame. */
    @WithDefault("4096")
    int maxFrameBytes();

    /** How long a processed event id is remembered, so a redelivered event is applied once. */
    @WithDefault("P2D")
    Duration eventDedupWindow();
}
