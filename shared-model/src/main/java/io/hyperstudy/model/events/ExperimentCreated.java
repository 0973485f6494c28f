package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record ExperimentCreated(String experimentId, String ownerId, String title) implements DomainEvent {
    @Override
    public String aggregateId() {
        return experimentId;
    }
}
