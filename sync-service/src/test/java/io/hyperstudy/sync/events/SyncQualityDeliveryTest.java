package io.hyperstudy.sync.events;

import io.hyperstudy.model.events.SyncQualityReported;
import io.hyperstudy.model.events.Topics;
import io.hyperstudy.testinfra.KafkaBroker;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.hyperstudy.testinfra.WebSocketProbe;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No sync-quality summary is lost: not while the broker is down (kept in Redis, sent once it is back), not
 * when thousands of connections end at once (the emitter's overflow is no longer a loss).
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KafkaResource.class)
class SyncQualityDeliveryTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/")
    URI base;

    @Inject
    SyncQualityPublisher publisher;

    @Inject
    RedisDataSource redis;

    @Test
    void summariesOfSocketsClosedWhileTheBrokerIsDownArriveOnceItIsBack() throws Exception {
        String roomId = "down-" + UUID.randomUUID();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/" + roomId);
        KafkaBroker.shared().stop();
        Set<String> closed = new HashSet<>();
        try {
            for (int i = 0; i < 10; i++) {
                String who = "down-staff-" + i;
                try (var ws = WebSocketProbe.open(uri, Map.of("Authorization", "Bearer " + StaffTokens.token(who, "admin")))) {
                    ws.nextContaining("\"type\":\"hello\"", Duration.ofSeconds(5));
                }
                closed.add(who);
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    redis.hash(String.class).hlen(SyncQualityPublisher.PENDING) >= closed.size());
            // the producer gives up on them while the broker stays away: they wait in Redis, not in memory
            Thread.sleep(8000);
        } finally {
            KafkaBroker.shared().start();
        }
        Set<String> arrived = new HashSet<>();
        KafkaEvents.await(bootstrap, Topics.SYNC_QUALITY, r -> {
            if (r.value() != null && r.value().data() instanceof SyncQualityReported q && roomId.equals(q.roomId())) {
                arrived.add(q.participantId());
            }
            return arrived.containsAll(closed);
        }, Duration.ofSeconds(90));
        assertEquals(closed, arrived);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                redis.hash(String.class).hlen(SyncQualityPublisher.PENDING) == 0);
    }

    @Test
    void thousandsOfConnectionsEndingAtOnceLoseNoSummary() {
        String roomId = "burst-" + UUID.randomUUID();
        int n = 5000;
        long now = System.currentTimeMillis();
        // as when a pod drains: every connection's summary at the same moment, from one thread
        for (int i = 0; i < n; i++) {
            publisher.publish(new SyncQualityReported(roomId, "p-" + i, now - 60_000, now, 10, 0.5, 1.0, 0, 0.2, 3.0,
                    List.of()));
        }
        Set<String> arrived = new HashSet<>();
        KafkaEvents.await(bootstrap, Topics.SYNC_QUALITY, r -> {
            if (r.value() != null && r.value().data() instanceof SyncQualityReported q && roomId.equals(q.roomId())) {
                arrived.add(q.participantId());
            }
            return arrived.size() == n;
        }, Duration.ofSeconds(120));
        assertEquals(n, arrived.size());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                redis.hash(String.class).hlen(SyncQualityPublisher.PENDING) == 0);
    }
}
