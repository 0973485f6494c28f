package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A room entered a state of its experiment ({@code transition} = {@value #ENTER}), or was held in it
 * ({@value #PAUSE}: a dropout grace period or the experimenter) or let go again ({@value #RESUME}).
 * {@code startsAtServerTime} is the server-clock instant (epoch milliseconds) at which the state begins
 * or resumes (for a pause: when it was held), so that a synced video starts on the same frame everywhere. {@code mediaId} is set when
 * the state has a synced video, which starts at {@code mediaStartSeconds}. {@code seq} counts the room's
 * changes, so a consumer can tell the latest. {@code waitForBuffering}: the video pauses for everyone while
 * any player is buffering. {@code recording} is how media-service records the state's call:
 * {@value #RECORD_NONE} (also when absent, from older producers), {@value #RECORD_COMPOSITE} or
 * {@value #RECORD_TRACKS}.
 */
@RegisterForReflection
public record RoomStateChanged(
        String roomId,
        String sessionId,
        String experimentId,
        int stateIndex,
        String stateId,
        long startsAtServerTime,
        String mediaId,
        Double mediaStartSeconds,
        String transition,
        long seq,
        boolean waitForBuffering,
        String recording,
        String actor) implements DomainEvent {
    public static final String ENTER = "enter";
    public static final String PAUSE = "pause";
    public static final String RESUME = "resume";
    public static final String RECORD_NONE = "none";
    public static final String RECORD_COMPOSITE = "composite";
    public static final String RECORD_TRACKS = "tracks";

    /** A change the room made by itself (timers, submissions, dropouts): no {@code actor}. */
    public RoomStateChanged(String roomId, String sessionId, String experimentId, int stateIndex, String stateId,
                            long startsAtServerTime, String mediaId, Double mediaStartSeconds, String transition,
                            long seq, boolean waitForBuffering, String recording) {
        this(roomId, sessionId, experimentId, stateIndex, stateId, startsAtServerTime, mediaId, mediaStartSeconds,
                transition, seq, waitForBuffering, recording, null);
    }

    /** The same change, made by a staff member ({@code actor}: their id), as the room log and the export say. */
    public RoomStateChanged by(String who) {
        return new RoomStateChanged(roomId, sessionId, experimentId, stateIndex, stateId, startsAtServerTime, mediaId,
                mediaStartSeconds, transition, seq, waitForBuffering, recording, who);
    }

    /** Whether entering this state starts a recording. */
    public boolean records() {
        return RECORD_COMPOSITE.equals(recording) || RECORD_TRACKS.equals(recording);
    }

    @Override
    public String aggregateId() {
        return roomId;
    }
}
