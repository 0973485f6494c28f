package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A session stopped admitting participants; rooms already running go on. */
@RegisterForReflection
public record SessionClosed(String sessionId, String experimentId, String closedBy) implements DomainEvent {
    @Override
    public String aggregateId() {
        return sessionId;
    }
}
