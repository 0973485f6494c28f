package io.hyperstudy.sync.events;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.CloudEventCodec;
import io.hyperstudy.model.events.SyncQualityReported;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes each connection's sync-quality summary to {@code hyperstudy.sync-quality}, keyed by room, and loses
 * none: a summary is first kept in Redis ({@value #PENDING} holds it, {@value #DUE} when to try it next), then
 * sent, and removed only once the broker acknowledged it. What the broker refused (it was down, or thousands of
 * sockets closed at once and the emitter overflowed) is sent again by the relay every
 * {@value #RELAY_EVERY_MS} ms, from any pod, in batches. Delivery is at least once; experiment-service stores each
 * summary under its event id, so a repeat changes nothing. Only when Redis itself refuses does the summary go
 * straight to the broker, and one that still fails is logged in full.
 */
@ApplicationScoped
public class SyncQualityPublisher {
    private static final Logger LOG = Logger.getLogger(SyncQualityPublisher.class);
    static final String PENDING = "sync:quality:pending";
    static final String DUE = "sync:quality:due";
    static final long RELAY_EVERY_MS = 2000;
    /** A summary in flight is not sent again before this (the producer's own retries come first). */
    static final long RETRY_AFTER_MS = 10_000;
    private static final int BATCH = 200;

    @Inject
    @Channel("sync-quality")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000)
    MutinyEmitter<CloudEvent> emitter;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    Vertx vertx;

    private final AtomicBoolean relaying = new AtomicBoolean();
    private long relayTimer = -1;

    void start(@Observes StartupEvent started) {
        relayTimer = vertx.setPeriodic(RELAY_EVERY_MS, id -> relay());
    }

    void stop(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(relayTimer);
    }

    public void publish(SyncQualityReported summary) {
        CloudEvent event = CloudEvent.of("/sync-service", summary, Instant.ofEpochMilli(summary.disconnectedAt()));
        String json = new String(CloudEventCodec.encode(event), StandardCharsets.UTF_8);
        long due = System.currentTimeMillis() + RETRY_AFTER_MS;
        redis.withTransaction(tx -> tx.hash(String.class).hset(PENDING, event.id(), json)
                        .chain(() -> tx.sortedSet(String.class).zadd(DUE, due, event.id())))
                .subscribe().with(kept -> send(event), failure -> {
                    LOG.warnf("sync-quality summary not kept in Redis (%s); sending it directly", failure.toString());
                    send(event);
                });
    }

    /** Sends one summary; on acknowledgement it leaves Redis, on refusal it waits there for the relay. */
    private void send(CloudEvent event) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic()).withKey(event.key()).build();
        try {
            emitter.sendMessageAndForget(Message.of(event).addMetadata(metadata)
                    .withAck(() -> {
                        forget(event.id());
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        LOG.debugf("sync-quality summary %s refused (%s); the relay sends it again", event.id(), failure);
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException refused) {
            LOG.debugf("sync-quality summary %s not handed over (%s); the relay sends it again", event.id(), refused);
        }
    }

    private void forget(String eventId) {
        redis.withTransaction(tx -> tx.hash(String.class).hdel(PENDING, eventId)
                        .chain(() -> tx.sortedSet(String.class).zrem(DUE, eventId)))
                .subscribe().with(ok -> { }, e -> LOG.debugf("summary %s sent but not cleared: %s", eventId, e));
    }

    /** Sends again what is due: refused or unacknowledged summaries, oldest first, a batch at a time. */
    void relay() {
        if (!relaying.compareAndSet(false, true)) {
            return;
        }
        long now = System.currentTimeMillis();
        redis.sortedSet(String.class).zrangebyscore(DUE,
                        new io.quarkus.redis.datasource.sortedset.ScoreRange<>(Double.NEGATIVE_INFINITY, (double) now),
                        new io.quarkus.redis.datasource.sortedset.ZRangeArgs().limit(0, BATCH))
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<String>of())
                        : redis.sortedSet(String.class).zadd(DUE, ids.stream().collect(
                                java.util.stream.Collectors.toMap(id -> id, id -> (double) (now + RETRY_AFTER_MS))))
                        .replaceWith(ids))
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<String>of())
                        : redis.hash(String.class).hmget(PENDING, ids.toArray(String[]::new)).chain(found -> {
                            // sent and cleared while this round ran: drop what is left of them
                            String[] gone = found.entrySet().stream().filter(e -> e.getValue() == null)
                                    .map(java.util.Map.Entry::getKey).toArray(String[]::new);
                            List<String> jsons = found.values().stream().filter(java.util.Objects::nonNull).toList();
                            return gone.length == 0 ? Uni.createFrom().item(jsons)
                                    : redis.sortedSet(String.class).zrem(DUE, gone).replaceWith(jsons);
                        }))
                .eventually(() -> relaying.set(false))
                .subscribe().with(jsons -> {
                    if (!jsons.isEmpty()) {
                        LOG.infof("sending %d sync-quality summaries again", jsons.size());
                    }
                    jsons.forEach(json -> send(CloudEventCodec.decode(json.getBytes(StandardCharsets.UTF_8))));
                }, e -> LOG.debugf("sync-quality relay round skipped: %s", e));
    }
}
