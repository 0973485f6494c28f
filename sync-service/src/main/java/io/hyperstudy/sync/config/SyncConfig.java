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

    /** How long experiment-service's answer about a staff member's access to a room is reused. */
    @WithDefault("30s")
    Duration accessCacheTtl();

    /**
     * How long a participant who left a room is refused its socket; longer than any pass lives, since
     * their pass may still name the room.
     */
    @WithDefault("2h")
    Duration departureMemory();

    /** Open sockets one participant may hold in a room (a reload briefly overlaps the old socket). */
    @WithDefault("2")
    int maxSocketsPerParticipant();

    /**
     * How often the pod reads the stored live state of each room it holds sockets of: the most a room's
     * sockets trail a change whose pub/sub message was lost (Redis reconnecting).
     */
    @WithDefault("2s")
    Duration liveReconcileInterval();
}
