package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A room entered a state of its experiment. {@code startsAtServerTime} is the server-clock instant
 * (epoch milliseconds) at which the state begins, so that a synced video can start on the same frame
 * everywhere. {@code mediaId} is set when the state's focus is a synced video.
 */
@RegisterForReflection
public record RoomStateChanged(
        String roomId,
        String sessionId,
        String experimentId,
        int stateIndex,
        String stateId,
        long startsAtServerTime,
        String mediaId) implements DomainEvent {
    @Override
    public String aggregateId() {
        return roomId;
    }
}
