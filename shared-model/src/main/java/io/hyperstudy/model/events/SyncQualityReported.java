package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How well one participant was kept in sync during one connection to a room, published by sync-service
 * when the connection ends, for exports. Errors are |position − room timeline| while playing, in ms
 * (null when the participant never played); {@code offsetErrorBoundMs} is the clock model's own bound.
 */
@RegisterForReflection
public record SyncQualityReported(
        String roomId,
        String participantId,
        long connectedAt,
        long disconnectedAt,
        int positionSamples,
        Double positionErrorP50Ms,
        Double positionErrorP95Ms,
        int seeks,
        Double offsetErrorBoundMs,
        Double minRttMs) implements DomainEvent {
    @Override
    public String aggregateId() {
        return roomId;
    }
}
