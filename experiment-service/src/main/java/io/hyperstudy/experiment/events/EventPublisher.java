package io.hyperstudy.experiment.events;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.DomainEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Publishes domain events to their aggregate's topic, keyed by aggregate id, as structured-mode
 * CloudEvents. The producer buffers and retries while the broker is away (up to its delivery
 * timeout); the transactional outbox that survives longer outages is issue #4's.
 */
@ApplicationScoped
public class EventPublisher {
    static final String SOURCE = "/experiment-service";
    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    @Inject
    @Channel("events")
    MutinyEmitter<CloudEvent> emitter;

    @Inject
    Clock clock;

    public CloudEvent publish(DomainEvent data) {
        CloudEvent event = CloudEvent.of(SOURCE, data, clock.instant());
        var headers = new RecordHeaders().add("content-type",
                CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic()).withKey(event.key()).withHeaders(headers).build();
        emitter.sendMessageAndForget(Message.of(event).addMetadata(metadata)
                .withNack(failure -> {
                    LOG.errorf(failure, "event %s (%s) for %s was not delivered", event.id(), event.type(),
                            event.subject());
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                }));
        return event;
    }
}
