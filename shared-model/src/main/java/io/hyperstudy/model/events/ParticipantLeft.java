package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A participant's part in a session ended with {@code outcome} (completed, timedOut, dropped, ended, noConsent); {@code roomId} is null if they never reached a room. */
@RegisterForReflection
public record ParticipantLeft(String sessionId, String roomId, String participantId, String outcome) implements DomainEvent {
    @Override
    public String aggregateId() {
        return roomId != null ? roomId : sessionId;
    }
}
