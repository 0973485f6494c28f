package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The owner changed who may see or edit an experiment: {@code access} is {@code viewer} or
 * {@code editor}, or null when {@code userId}'s access was revoked.
 */
@RegisterForReflection
public record ExperimentShared(String experimentId, String ownerId, String userId, String access)
        implements DomainEvent {
    @Override
    public String aggregateId() {
        return experimentId;
    }
}
