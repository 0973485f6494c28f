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
import io.hyperstudy.experiment.room.RoomEngine;
import io.hyperstudy.experiment.platform.Ticker;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the outbox to Kafka: each event to its aggregate's topic, keyed by aggregate id, in commit
 * order. A round hands the pending events to the producer together (which keeps each partition's order)
 * and waits for their acknowledgements together; what was acknowledged, up to the first refusal, is
 * removed from the outbox, and the rest waits for the next round, so a broker outage stops the relay
 * where it is and it resumes from there. A round runs the moment a room's decision commits as well as on
 * the poll, so the durable log does not trail the live path by a poll interval. Only the replica that
 * holds the relay lease publishes. Delivery is at least once (a crash between publish and removal
 * resends); consumers de-duplicate by event id.
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

    /** A room's decision committed: relay its events now rather than at the next poll. */
    void onRoomChange(@Observes RoomEngine.RoomChanged change) {
        if (ticker != null) {
            ticker.now();
        }
    }

    /** One round: publish what is pending, in order, until done or the broker refuses. */
    void relay() {
        try {
            if (!lease.acquire(Math.max(5_000, 20 * config.outbox().poll().toMillis()))) {
                return;
            }
            List<CloudEvent> pending = outbox.pending(BATCH);
            List<CompletableFuture<Void>> acks = pending.stream().map(this::publish).toList();
            List<CloudEvent> sent = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                try {
                    acks.get(i).get(config.outbox().publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    sent.add(pending.get(i));
                } catch (Exception brokerDown) {
                    // the rest waits, in order, for the next round (some may be sent twice: at least once)
                    LOG.warnf("outbox relay paused, %d event(s) waiting: %s", pending.size() - sent.size(),
                            brokerDown.toString());
                    break;
                }
            }
            outbox.removeSent(sent);
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay round failed: %s", e.getMessage());
        }
    }

    private CompletableFuture<Void> publish(CloudEvent event) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic()).withKey(event.key()).build();
        try {
            return emitter.sendMessage(Message.of(event).addMetadata(metadata)).subscribeAsCompletionStage();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}
