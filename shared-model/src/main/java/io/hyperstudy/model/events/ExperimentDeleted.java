package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record ExperimentDeleted(String experimentId, String ownerId) implements DomainEvent {
    @Override
    public String aggregateId() {
        return experimentId;
    }
}
