package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * A recording of a room's state is over: {@code status} is {@code complete} (its files are written),
 * {@code failed} or {@code aborted} (with {@code error}), or {@code limitReached} (LiveKit's own limit
 * ended it; the files hold what was written). Times as in {@link RecordingStarted}; the start is
 * {@code null} when the recording never began.
 */
@RegisterForReflection
public record RecordingCompleted(
        String recordingId,
        String roomId,
        String sessionId,
        String experimentId,
        int stateIndex,
        String stateId,
        String kind,
        String participantId,
        String egressId,
        String status,
        Long startedAtServerTime,
        Long endedAtServerTime,
        Long offsetMs,
        List<File> files,
        String error) implements DomainEvent {
    @Override
    public String aggregateId() {
        return roomId;
    }

    /** One file LiveKit wrote: its name, where it was uploaded, its size and its media duration. */
    @RegisterForReflection
    public record File(String filename, String location, long sizeBytes, long durationMs) {
    }
}
