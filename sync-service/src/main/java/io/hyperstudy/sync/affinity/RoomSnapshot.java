package io.hyperstudy.sync.affinity;

import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.sync.timeline.RoomTimeline;

/**
 * What a pod needs to take over a room's timeline: the timeline and its change count ({@code seq}), the seq of
 * the last state change applied to it ({@code stateSeq}, so a decision is not applied twice), whether the state
 * waits for buffering players and whether the room is held for one now, and the fence of the lease it was
 * written under.
 */
public record RoomSnapshot(String mediaId, PlaybackState state, double position, double serverTime, double rate,
                           long seq, long stateSeq, boolean waitForBuffering, boolean heldForBuffering, long fence) {

    public RoomTimeline timeline() {
        return new RoomTimeline(mediaId, state, position, serverTime, rate);
    }

    static RoomSnapshot of(RoomTimeline t, long seq, long stateSeq, boolean waitForBuffering, boolean held, long fence) {
        return new RoomSnapshot(t.mediaId(), t.state(), t.position(), t.serverTime(), t.rate(), seq, stateSeq,
                waitForBuffering, held, fence);
    }
}
