package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** Matching formed a room: its participants and their roles, in the order they were matched. */
@RegisterForReflection
public record RoomStarted(String roomId, String sessionId, String experimentId, int version, List<Member> members, long startedAtServerTime) implements DomainEvent {
    @Override
    public String aggregateId() {
        return roomId;
    }

    @RegisterForReflection
    public record Member(String participantId, String role) {
    }
}
