package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * How well one participant was kept in sync during one connection to a room, published by sync-service
 * when the connection ends, for exports. Errors are |position − room timeline| while playing, in ms
 * (null when the participant never played); {@code offsetErrorBoundMs} is the clock model's own bound.
 * {@code videos}: each video this connection's player held, with when it could first play it and when it
 * showed its first frame after the start, as the client reported them, on the server's clock (null: not
 * reported, or the clock was not yet known).
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
        Double minRttMs,
        List<Video> videos) implements DomainEvent {
    public SyncQualityReported {
        videos = videos == null ? List.of() : List.copyOf(videos);
    }

    /** One video as this participant's player experienced it (server epoch ms). */
    @RegisterForReflection
    public record Video(String mediaId, Long loadedAt, Long firstFrameAt) {
    }

    @Override
    public String aggregateId() {
        return roomId;
    }
}
