package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * A draft was frozen as an immutable {@code version} that sessions can run. {@code mediaIds} lists the
 * assets the version refers to, so media-service knows which assets a published study depends on.
 */
@RegisterForReflection
public record ExperimentPublished(String experimentId, String ownerId, int version, long revision,
                                  List<String> mediaIds) implements DomainEvent {
    @Override
    public String aggregateId() {
        return experimentId;
    }
}
