package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A room finished: {@code reason} is completed, ended (by the experimenter, {@code actor}: who) or dropout (its
 * dropout policy ended it).
 */
@RegisterForReflection
public record RoomEnded(String roomId, String sessionId, String reason, long endedAtServerTime, String actor)
        implements DomainEvent {

    public RoomEnded(String roomId, String sessionId, String reason, long endedAtServerTime) {
        this(roomId, sessionId, reason, endedAtServerTime, null);
    }

    public RoomEnded by(String who) {
        return new RoomEnded(roomId, sessionId, reason, endedAtServerTime, who);
    }

    @Override
    public String aggregateId() {
        return roomId;
    }
}
