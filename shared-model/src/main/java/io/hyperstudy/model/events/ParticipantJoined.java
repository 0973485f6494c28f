package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A participant redeemed a session link (or came back to it: {@code returning}) and entered the waiting room. */
@RegisterForReflection
public record ParticipantJoined(String sessionId, String participantId, String label, boolean returning) implements DomainEvent {
    @Override
    public String aggregateId() {
        return sessionId;
    }
}
