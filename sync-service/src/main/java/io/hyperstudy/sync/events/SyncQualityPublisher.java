package io.hyperstudy.sync.events;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.SyncQualityReported;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes each connection's sync-quality summary to {@code hyperstudy.sync-quality}, keyed by room.
 * sync-service keeps no store of its own: the producer buffers and retries while the broker is away
 * (up to its delivery timeout), and a summary that still cannot be delivered is logged in full.
 */
@ApplicationScoped
public class SyncQualityPublisher {
    private static final Logger LOG = Logger.getLogger(SyncQualityPublisher.class);

    @Inject
    @Channel("sync-quality")
    MutinyEmitter<CloudEvent> emitter;

    public void publish(SyncQualityReported summary) {
        CloudEvent event = CloudEvent.of("/sync-service", summary, Instant.ofEpochMilli(summary.disconnectedAt()));
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic()).withKey(event.key()).build();
        emitter.sendMessageAndForget(Message.of(event).addMetadata(metadata).withNack(failure -> {
            LOG.errorf(failure, "sync-quality summary not delivered: %s", summary);
            return CompletableFuture.completedFuture(null);
        }));
    }
}
