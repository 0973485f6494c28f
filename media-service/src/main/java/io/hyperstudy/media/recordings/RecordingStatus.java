package io.hyperstudy.media.recordings;

import com.fasterxml.jackson.annotation.JsonValue;
import livekit.LivekitEgress;

import java.util.Locale;

/** Where a recording stands: asked of LiveKit, then LiveKit's egress lifecycle. Only ever moves forward. */
public enum RecordingStatus {
    REQUESTED, STARTING, ACTIVE, ENDING, COMPLETE, FAILED, ABORTED, LIMIT_REACHED;

    public boolean terminal() {
        return ordinal() >= COMPLETE.ordinal();
    }

    /** Whether a recording in this status may move to {@code next}: forward only, and never out of an end. */
    public boolean mayBecome(RecordingStatus next) {
        return !terminal() && next.rank() > rank();
    }

    private int rank() {
        return terminal() ? COMPLETE.ordinal() : ordinal();
    }

    @JsonValue
    public String wire() {
        return this == LIMIT_REACHED ? "limitReached" : name().toLowerCase(Locale.ROOT);
    }

    public static RecordingStatus ofWire(String wire) {
        for (RecordingStatus s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no recording status " + wire);
    }

    public static RecordingStatus of(LivekitEgress.EgressStatus egress) {
        return switch (egress) {
            case EGRESS_STARTING -> STARTING;
            case EGRESS_ACTIVE -> ACTIVE;
            case EGRESS_ENDING -> ENDING;
            case EGRESS_COMPLETE -> COMPLETE;
            case EGRESS_FAILED -> FAILED;
            case EGRESS_ABORTED -> ABORTED;
            case EGRESS_LIMIT_REACHED -> LIMIT_REACHED;
            default -> STARTING;
        };
    }
}
