package io.hyperstudy.sync.events;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.CloudEventCodec;
import io.hyperstudy.model.events.SyncQualityReported;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes each connection's sync-quality summary to {@code hyperstudy.sync-quality}, keyed by room, and loses
 * none: a summary is first kept in Redis ({@value #PENDING} holds it, {@value #DUE} when to try it next), then
 * sent, and removed only once the broker acknowledged it. What the broker refused (it was down, or thousands of
 * sockets closed at once and the emitter overflowed) is sent again by the relay every
 * {@value #RELAY_EVERY_MS} ms, from any pod, in batches. Delivery is at least once; experiment-service stores each
 * summary under its event id, so a repeat changes nothing. Only when Redis itself refuses does the summary go
 * straight to the broker, and one that still fails is logged in full. Summaries are kept and cleared in
 * batches, one Lua script each: thousands of sockets closing together cost a few Redis round trips, not a
 * pooled connection each (bench/README.md).
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
    /** How long summaries gather before they are kept together (sockets close in bursts). */
    private static final long GATHER_MS = 5;
    /** ARGV: due, then id and summary pairs; each is kept and scheduled. */
    private static final String KEEP = """
            for i = 2, #ARGV, 2 do
              redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
              redis.call('ZADD', KEYS[2], ARGV[1], ARGV[i])
            end
            return 1""";
    /** ARGV: ids of summaries the broker acknowledged. */
    private static final String FORGET = """
            for i = 1, #ARGV do
              redis.call('HDEL', KEYS[1], ARGV[i])
              redis.call('ZREM', KEYS[2], ARGV[i])
            end
            return 1""";

    @Inject
    @Channel("sync-quality")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000)
    MutinyEmitter<CloudEvent> emitter;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    Vertx vertx;

    private final AtomicBoolean relaying = new AtomicBoolean();
    private final Gathering<CloudEvent> toKeep = new Gathering<>(this::keep);
    private final Gathering<String> acknowledged = new Gathering<>(this::forget);
    private long relayTimer = -1;
    private DistributionSummary errorP95;
    private Counter seeks;

    @Inject
    void meters(MeterRegistry registry) {
        // what the summaries say, for dashboards: each connection's p95 position error, and its seeks
        errorP95 = DistributionSummary.builder("sync.quality.position.error.p95").baseUnit("milliseconds")
                .description("Each finished connection's p95 |position error| as the server saw it")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        seeks = Counter.builder("sync.quality.seeks").description("Seeks of finished connections").register(registry);
    }

    void start(@Observes StartupEvent started) {
        relayTimer = vertx.setPeriodic(RELAY_EVERY_MS, id -> relay());
    }

    void stop(@Observes ShutdownEvent stopping) {
        vertx.cancelTimer(relayTimer);
        toKeep.flush();
    }

    public void publish(SyncQualityReported summary) {
        if (summary.positionErrorP95Ms() != null) {
            errorP95.record(summary.positionErrorP95Ms());
        }
        seeks.increment(summary.seeks());
        toKeep.add(CloudEvent.of("/sync-service", summary, Instant.ofEpochMilli(summary.disconnectedAt())));
    }

    /** Keeps a batch in Redis with one script, then sends it. */
    private void keep(List<CloudEvent> batch) {
        List<String> args = new ArrayList<>(List.of("2", PENDING, DUE,
                String.valueOf(System.currentTimeMillis() + RETRY_AFTER_MS)));
        for (CloudEvent event : batch) {
            args.add(event.id());
            args.add(new String(CloudEventCodec.encode(event), StandardCharsets.UTF_8));
        }
        eval(KEEP, args).subscribe().with(kept -> batch.forEach(this::send), failure -> {
            LOG.warnf("%d sync-quality summaries not kept in Redis (%s); sending them directly",
                    batch.size(), failure.toString());
            batch.forEach(this::send);
        });
    }

    /** Sends one summary; on acknowledgement it leaves Redis, on refusal it waits there for the relay. */
    private void send(CloudEvent event) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic()).withKey(event.key()).build();
        try {
            emitter.sendMessageAndForget(Message.of(event).addMetadata(metadata)
                    .withAck(() -> {
                        acknowledged.add(event.id());
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

    /** Clears a batch the broker acknowledged; one left behind is only sent again (and stored once). */
    private void forget(List<String> ids) {
        List<String> args = new ArrayList<>(List.of("2", PENDING, DUE));
        args.addAll(ids);
        eval(FORGET, args).subscribe().with(ok -> { },
                e -> LOG.debugf("%d summaries sent but not cleared: %s", ids.size(), e));
    }

    private Uni<io.vertx.mutiny.redis.client.Response> eval(String script, List<String> keysAndArgs) {
        List<String> args = new ArrayList<>(keysAndArgs.size() + 1);
        args.add(script);
        args.addAll(keysAndArgs);
        return redis.execute("EVAL", args.toArray(String[]::new));
    }

    /**
     * Items that gather for {@value #GATHER_MS} ms (sockets close in bursts), then go to {@code handle} in
     * batches of {@value #BATCH}.
     */
    private final class Gathering<T> {
        private final Queue<T> items = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final java.util.function.Consumer<List<T>> handle;

        Gathering(java.util.function.Consumer<List<T>> handle) {
            this.handle = handle;
        }

        void add(T item) {
            items.add(item);
            if (scheduled.compareAndSet(false, true)) {
                vertx.setTimer(GATHER_MS, id -> flush());
            }
        }

        void flush() {
            scheduled.set(false);
            List<T> all = new ArrayList<>();
            for (T item = items.poll(); item != null; item = items.poll()) {
                all.add(item);
            }
            for (int from = 0; from < all.size(); from += BATCH) {
                handle.accept(all.subList(from, Math.min(all.size(), from + BATCH)));
            }
        }
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
