package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** A participant's responses were stored: {@code count} of them for the given components, accepted in one request. */
@RegisterForReflection
public record ResponseRecorded(String roomId, String sessionId, String participantId, String stateId, List<String> componentIds, int count) implements DomainEvent {
    @Override
    public String aggregateId() {
        return roomId;
    }
}
