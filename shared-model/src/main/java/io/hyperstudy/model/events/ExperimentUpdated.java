package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record ExperimentUpdated(String experimentId, String ownerId, String title, long revision)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return experimentId;
    }
}
