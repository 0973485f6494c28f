package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * LiveKit began writing a recording of a room's state (its egress became active). {@code kind} is
 * {@code composite} (the whole call in one file) or {@code tracks} (one participant, {@code participantId}).
 * {@code startedAtServerTime} is when the recording's first media was written (epoch ms), and
 * {@code offsetMs} is that instant relative to the state's start on the room's server-time line
 * ({@link RoomStateChanged#startsAtServerTime()}): a response at server time {@code t} lies at
 * {@code t - startedAtServerTime} ms into the file.
 */
@RegisterForReflection
public record RecordingStarted(
        String recordingId,
        String roomId,
        String sessionId,
        String experimentId,
        int stateIndex,
        String stateId,
        String kind,
        String participantId,
        String egressId,
        long startedAtServerTime,
        long offsetMs) implements DomainEvent {
    @Override
    public String aggregateId() {
        return roomId;
    }
}
