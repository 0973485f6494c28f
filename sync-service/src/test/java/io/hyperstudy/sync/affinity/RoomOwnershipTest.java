package io.hyperstudy.sync.affinity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.model.live.SyncPods;
import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.Timeline;
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
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A room belongs to one pod at a time (docs/scaling.md), on real Redis: this pod claims a free room, takes over
 * one whose owner left a snapshot, sends a socket away from a room another pod holds, and, once another pod
 * has taken its room, tells that room nothing more (its write is fenced out) and sends its sockets away.
 * Another pod is played by writing its lease, as it would, into Redis.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KafkaResource.class)
class RoomOwnershipTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    static final int CLOSE_RECONNECT = 4503;
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    RedisDataSource redis;

    @Inject
    PodIdentity pod;

    @Inject
    RoomLeases leases;

    URI room(String id) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/" + id);
    }

    static Map<String, String> staff() {
        return Map.of("Authorization", "Bearer " + StaffTokens.admin());
    }

    String get(String key) {
        var r = redis.execute("GET", key);
        return r == null ? null : r.toString();
    }

    @Test
    void aFreeRoomIsClaimedAndItsLeaseRenewedWhileItsSocketsAreOpen() throws Exception {
        String roomId = "own-" + UUID.randomUUID();
        try (var ws = WebSocketProbe.open(room(roomId), staff())) {
            ws.nextContaining("\"type\":\"hello\"", WAIT);
            String owner = get(SyncPods.ownerKey(roomId));
            assertEquals(pod.id(), SyncPods.ownerPod(owner), owner);
            // the test's lease lasts 1 s: three times that later it is still this pod's, with the same fence
            Thread.sleep(3_000);
            assertEquals(owner, get(SyncPods.ownerKey(roomId)));
            var registered = redis.execute("HGET", SyncPods.podKey(pod.id()), "url");
            assertTrue(registered != null && registered.toString().startsWith("http"), "the pod is registered");
            assertTrue(redis.execute("SISMEMBER", SyncPods.PODS, pod.id()).toInteger() == 1);
        }
        // no socket left: the lease runs out, so the room's next socket may go to any pod
        Awaitility.await().atMost(Duration.ofSeconds(6)).until(() -> get(SyncPods.ownerKey(roomId)) == null);
    }

    @Test
    void aRoomAnotherPodHoldsSendsTheSocketToReconnect() {
        String roomId = "taken-" + UUID.randomUUID();
        redis.execute("SET", SyncPods.ownerKey(roomId), "other-pod|7", "PX", "10000");
        try (var ws = WebSocketProbe.open(room(roomId), staff())) {
            assertEquals(CLOSE_RECONNECT, ws.awaitClose(WAIT));
            assertTrue(ws.drain().stream().noneMatch(f -> f.contains("\"type\":\"hello\"")), "it heard nothing of the room");
        }
        assertEquals("other-pod|7", get(SyncPods.ownerKey(roomId)), "the other pod's lease is untouched");
    }

    @Test
    void aRoomWhoseOwnerDiedIsTakenOverFromItsSnapshot() throws Exception {
        String roomId = "orphan-" + UUID.randomUUID();
        double startedAt = System.currentTimeMillis() - 5_000;
        redis.execute("SET", SyncPods.fenceKey(roomId), "7");
        redis.execute("SET", SyncPods.snapshotKey(roomId), JSON.writeValueAsString(Map.of("mediaId", "film-x",
                "state", "playing", "position", 12.5, "serverTime", startedAt, "rate", 1.0, "seq", 41, "stateSeq", 3,
                "waitForBuffering", false, "heldForBuffering", false, "fence", 7)));
        try (var ws = WebSocketProbe.open(room(roomId), staff())) {
            Timeline restored = (Timeline) SyncCodec.decode(ws.nextContaining("\"type\":\"timeline\"", WAIT));
            assertEquals(41, restored.seq());
            assertEquals("film-x", restored.mediaId());
            assertEquals(PlaybackState.PLAYING, restored.state());
            assertEquals(12.5, restored.position(), 1e-9);
            assertEquals(startedAt, restored.serverTime(), 1e-6);
            String owner = get(SyncPods.ownerKey(roomId));
            assertEquals(pod.id() + "|8", owner, "claimed with the next fence");

            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"pause\"}");
            Timeline paused = (Timeline) SyncCodec.decode(ws.nextContaining("\"type\":\"timeline\"", WAIT));
            assertEquals(42, paused.seq());
            JsonNode stored = JSON.readTree(get(SyncPods.snapshotKey(roomId)));
            assertEquals(42, stored.path("seq").asLong(), "stored before it was told");
            assertEquals("paused", stored.path("state").asText());
            assertEquals(8, stored.path("fence").asLong());
        }
    }

    @Test
    void aLeaseThatLapsedLocallyButStillNamesThisPodCarriesOnAfterItsNextRenewal() throws Exception {
        String roomId = "stalled-" + UUID.randomUUID();
        try (var ws = WebSocketProbe.open(room(roomId), staff())) {
            ws.nextContaining("\"type\":\"hello\"", WAIT);
            String owner = get(SyncPods.ownerKey(roomId));
            // the pod was too busy to hear its renewal in time: nobody took the room, so it is not given up
            leases.lapse(roomId);
            assertTrue(leases.lease(roomId).isEmpty(), "silent while its lease is unconfirmed");
            Awaitility.await().atMost(WAIT).until(() -> leases.lease(roomId).isPresent());
            ws.drain();
            ws.nextContaining("\"type\":\"ping\"", WAIT);
            assertEquals(owner, get(SyncPods.ownerKey(roomId)), "the same lease, the same fence");
            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"play\"}");
            assertTrue(ws.nextContaining("\"state\":\"playing\"", WAIT).contains("\"type\":\"timeline\""));

            // a command while the lease is unconfirmed: its fenced write finds the lease still this pod's, renews
            // it, and the change is told; the room is not sent away
            leases.lapse(roomId);
            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"pause\"}");
            assertTrue(ws.nextContaining("\"state\":\"paused\"", WAIT).contains("\"type\":\"timeline\""));
            assertTrue(leases.lease(roomId).isPresent(), "trusted again after the write");
            assertEquals(owner, get(SyncPods.ownerKey(roomId)));
        }
    }

    @Test
    void aPodThatLostItsRoomTellsItNothingMoreAndSendsItsSocketsAway() throws Exception {
        String roomId = "lost-" + UUID.randomUUID();
        try (var ws = WebSocketProbe.open(room(roomId), staff())) {
            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"play\"}");
            // the join's own timeline frame may come first: wait for the one the play made
            Timeline before = (Timeline) SyncCodec.decode(ws.nextContaining("\"state\":\"playing\"", WAIT));
            String snapshotBefore = get(SyncPods.snapshotKey(roomId));
            // this pod's lease ran out (it was paused) and another pod claimed the room
            redis.execute("SET", SyncPods.ownerKey(roomId), "other-pod|99", "PX", "10000");
            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"pause\"}");
            assertEquals(CLOSE_RECONNECT, ws.awaitClose(WAIT));
            List<String> after = ws.drain();
            assertFalse(after.stream().anyMatch(f -> f.contains("\"type\":\"timeline\"") && f.contains("\"seq\":" + (before.seq() + 1))),
                    "the change the lost room made was told to nobody: " + after);
            assertEquals(snapshotBefore, get(SyncPods.snapshotKey(roomId)), "and written nowhere");
            assertEquals("other-pod|99", get(SyncPods.ownerKey(roomId)));
        }
    }
}
