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

    /** This pod in the real-time tier (docs/scaling.md). */
    Pod pod();

    interface Pod {
        /** Unique among live pods: the StatefulSet pod name; locally a name made at start. */
        java.util.Optional<String> id();

        /** Where the gateway reaches this pod (its headless Service name); locally its own address. */
        java.util.Optional<String> url();

        /** Sockets this pod is sized for: new rooms go to the pod with the most room left. */
        @WithDefault("5000")
        int capacity();

        /**
         * How long a room's lease lasts unless renewed: a dead pod's rooms move after this long; a pod paused for
         * more than about two thirds of it gives its rooms up.
         */
        @WithDefault("2s")
        Duration leaseTtl();

        /** How long the pod's registration lasts unless renewed. */
        @WithDefault("3s")
        Duration registrationTtl();
    }
}
