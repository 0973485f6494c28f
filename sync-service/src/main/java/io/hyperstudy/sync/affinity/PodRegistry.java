package io.hyperstudy.sync.affinity;

import io.hyperstudy.model.live.SyncPods;
import io.hyperstudy.sync.config.SyncConfig;
import io.hyperstudy.sync.ws.RoomSessions;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * This pod's entry in the pod registry (docs/scaling.md): its address, capacity and load, renewed each second
 * with a TTL, so the gateway sends new rooms to the live pod with the most room left and stops sending to a
 * pod that is gone. Removed on a clean stop.
 */
@ApplicationScoped
public class PodRegistry {
    private static final Logger LOG = Logger.getLogger(PodRegistry.class);
    static final long HEARTBEAT_MS = 1000;
    private static final String REGISTER = """
            redis.call('HSET', KEYS[1], 'url', ARGV[1], 'capacity', ARGV[2], 'sockets', ARGV[3], 'rooms', ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            redis.call('SADD', KEYS[2], ARGV[6])
            return 1""";

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    PodIdentity pod;

    @Inject
    SyncConfig config;

    @Inject
    RoomSessions sessions;

    @Inject
    Vertx vertx;

    private volatile long timer = -1;

    @Inject
    void meters(MeterRegistry registry) {
        // what this pod carries, as the registry tells the gateway
        Gauge.builder("sync.sockets", sessions, RoomSessions::connections).description("Open room sockets")
                .register(registry);
        Gauge.builder("sync.rooms", sessions, s -> s.rooms().size()).description("Rooms with a socket here")
                .register(registry);
    }

    void start(@Observes StartupEvent started) {
        heartbeat();
        timer = vertx.setPeriodic(HEARTBEAT_MS, id -> heartbeat());
        LOG.infof("sync pod %s at %s", pod.id(), pod.url());
    }

    /**
     * Leaves the registry as the stop begins, before the sockets are handed over (RoomFeed), so that the
     * gateway sends no new socket here.
     */
    void stop(@Observes @Priority(10) ShutdownDelayInitiatedEvent stopping) {
        vertx.cancelTimer(timer);
        try {
            redis.execute("DEL", SyncPods.podKey(pod.id()))
                    .chain(() -> redis.execute("SREM", SyncPods.PODS, pod.id()))
                    .await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warnf("pod %s not removed from the registry (it expires by itself): %s", pod.id(), e.toString());
        }
    }

    private void heartbeat() {
        redis.execute("EVAL", REGISTER, "2", SyncPods.podKey(pod.id()), SyncPods.PODS, pod.url(),
                        String.valueOf(config.pod().capacity()), String.valueOf(sessions.connections()),
                        String.valueOf(sessions.rooms().size()), String.valueOf(config.pod().registrationTtl().toMillis()),
                        pod.id())
                .subscribe().with(ok -> { }, e -> LOG.debugf("registration not renewed: %s", e));
    }
}
