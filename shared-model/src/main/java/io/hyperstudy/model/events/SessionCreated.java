package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A session of a published experiment version opened for participants. */
@RegisterForReflection
public record SessionCreated(String sessionId, String experimentId, int version, String ownerId, String createdBy) implements DomainEvent {
    @Override
    public String aggregateId() {
        return sessionId;
    }
}
