package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A room finished: {@code reason} is completed, ended (by the experimenter) or dropout (its dropout policy ended it). */
@RegisterForReflection
public record RoomEnded(String roomId, String sessionId, String reason, long endedAtServerTime) implements DomainEvent {
    @Override
    public String aggregateId() {
        return roomId;
    }
}
