package io.hyperstudy.sync.timeline;

import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.model.sync.TimelineCommand;

/**
 * A room's authoritative playback timeline: at server time {@code serverTime} the media is at
 * {@code position} and advances at {@code rate} while playing. Immutable; times in milliseconds.
 */
public record RoomTimeline(String mediaId, PlaybackState state, double position, double serverTime, double rate) {

    public static RoomTimeline empty(double now) {
        return new RoomTimeline(null, PlaybackState.PAUSED, 0, now, 1.0);
    }

    /** Where the media is at server time {@code t}. */
    public double positionAt(double t) {
        if (state != PlaybackState.PLAYING || t <= serverTime) {
            return position;
        }
        return position + (t - serverTime) * rate;
    }

    /**
     * The timeline after {@code command}. A command scheduled in the future ({@code atServerTime}) is
     * anchored at that instant, so every client applies it on the same media frame.
     */
    public RoomTimeline apply(TimelineCommand command, double now) {
        double at = command.atServerTime() != null ? Math.max(command.atServerTime(), now) : now;
        double here = positionAt(at);
        return switch (command.action()) {
            case LOAD -> new RoomTimeline(command.mediaId(), PlaybackState.PAUSED,
                    command.position() != null ? Math.max(0, command.position()) : 0, at, rate);
            case PLAY -> new RoomTimeline(mediaId, PlaybackState.PLAYING,
                    command.position() != null ? Math.max(0, command.position()) : here, at, rate);
            case PAUSE -> new RoomTimeline(mediaId, PlaybackState.PAUSED,
                    command.position() != null ? Math.max(0, command.position()) : here, at, rate);
            case SEEK -> new RoomTimeline(mediaId, state, Math.max(0, command.position()), at, rate);
            case RATE -> new RoomTimeline(mediaId, state, here, at, command.rate());
        };
    }

    /** The timeline as its frame, {@code seq} being the room's count of timeline changes. */
    public Timeline toMessage(long seq) {
        return new Timeline(mediaId, state, position, serverTime, rate, seq);
    }
}
