package io.hyperstudy.experiment.events;

import io.hyperstudy.experiment.store.Outbox;
import io.hyperstudy.experiment.store.RelayLease;
import io.hyperstudy.model.events.CloudEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.experiment.platform.Ticker;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the outbox to Kafka: each event to its aggregate's topic, keyed by aggregate id, in commit
 * order, one at a time and acknowledged before the next, so a broker outage stops the relay where it
 * is and it resumes from there. Only the replica that holds the relay lease publishes. Delivery is at
 * least once (a crash between publish and mark resends); consumers de-duplicate by event id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;

    @Inject
    Outbox outbox;

    @Inject
    RelayLease lease;

    @Inject
    @Channel("events")
    MutinyEmitter<CloudEvent> emitter;

    @Inject
    Vertx vertx;

    @Inject
    ExperimentServiceConfig config;

    private Ticker ticker;

    void start(@Observes StartupEvent started) {
        ticker = Ticker.every(vertx, config.outbox().poll(), this::relay);
    }

    void stop(@Observes ShutdownEvent stopping) {
        ticker.cancel();
    }

    /** One round: publish what is pending, in order, until done or the broker refuses. */
    void relay() {
        try {
            if (!lease.acquire(Math.max(5_000, 20 * config.outbox().poll().toMillis()))) {
                return;
            }
            List<CloudEvent> pending = outbox.pending(BATCH);
            List<CloudEvent> sent = new ArrayList<>();
            try {
                for (CloudEvent event : pending) {
                    publish(event);
                    sent.add(event);
                }
            } catch (RuntimeException brokerDown) {
                LOG.warnf("outbox relay paused, %d event(s) waiting: %s", pending.size() - sent.size(),
                        brokerDown.getMessage());
            } finally {
                outbox.markSent(sent);
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay round failed: %s", e.getMessage());
        }
    }

    private void publish(CloudEvent event) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic()).withKey(event.key()).build();
        emitter.sendMessage(Message.of(event).addMetadata(metadata)).await().atMost(config.outbox().publishTimeout());
    }
}
