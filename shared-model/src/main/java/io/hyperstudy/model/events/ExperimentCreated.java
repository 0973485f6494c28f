package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An experiment was created; {@code duplicatedFrom} names the experiment it was copied from, if any. */
@RegisterForReflection
public record ExperimentCreated(String experimentId, String ownerId, String title, String duplicatedFrom)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return experimentId;
    }
}
