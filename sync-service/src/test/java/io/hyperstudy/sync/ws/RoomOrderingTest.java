package io.hyperstudy.sync.ws;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.live.LiveRoom;
import io.hyperstudy.sync.live.LiveRooms;
import io.hyperstudy.model.sync.Presence;
import io.hyperstudy.model.sync.RoomState;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.PassTokens;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.hyperstudy.testinfra.WebSocketProbe;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A room's changes come from several threads at once (state changes from the live path, commands from two
 * staff sockets' event loops, a participant's reports, sockets joining and leaving): every socket sees every
 * timeline change once, in one order, and the room's membership ends as it should. Each scenario runs 20 times.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KafkaResource.class)
class RoomOrderingTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final int RUNS = 20;
    static final int EACH = 15;

    @TestHTTPResource("/")
    URI base;

    @Inject
    RedisDataSource redis;

    URI room(String id) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/" + id);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    void publish(LiveRoom live) {
        LiveRooms.publish(redis, live);
    }

    static LiveRoom videoState(String roomId, int seq) {
        long now = System.currentTimeMillis();
        var entered = CloudEvent.of("/experiment-service", new RoomStateChanged(roomId, "s1", "e1", seq, "film-" + seq,
                now + 1000, "clip-" + seq, 0.0, RoomStateChanged.ENTER, seq, false, null), Instant.now());
        return new LiveRoom(roomId, "s1", seq, "running", seq, 100, "film-" + seq, now + 1000, null, null, List.of(),
                List.of(), Map.of(), Map.of(), List.of(entered), now);
    }

    @Test
    void everySocketSeesEveryTimelineChangeOnceAndInOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int run = 0; run < RUNS; run++) {
                String roomId = "order-" + UUID.randomUUID();
                try (var steerA = WebSocketProbe.open(room(roomId), bearer(StaffTokens.token("steer-a-" + run, "admin")));
                     var steerB = WebSocketProbe.open(room(roomId), bearer(StaffTokens.token("steer-b-" + run, "admin")));
                     var viewer = WebSocketProbe.open(room(roomId),
                             bearer(PassTokens.pass("p-" + run, roomId, "viewer", false, Duration.ofMinutes(5))))) {
                    List<WebSocketProbe> all = List.of(steerA, steerB, viewer);
                    for (var ws : all) {
                        ws.nextContaining("\"type\":\"presence\"", WAIT);
                    }
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<?>> writers = new ArrayList<>();
                    writers.add(pool.submit(() -> {
                        go.await();
                        for (int i = 1; i <= EACH; i++) {
                            publish(videoState(roomId, i));
                        }
                        return null;
                    }));
                    for (var steer : List.of(steerA, steerB)) {
                        writers.add(pool.submit(() -> {
                            go.await();
                            for (int i = 0; i < EACH; i++) {
                                steer.send(i % 2 == 0 ? "{\"v\":2,\"type\":\"command\",\"action\":\"pause\"}"
                                        : "{\"v\":2,\"type\":\"command\",\"action\":\"play\"}");
                            }
                            return null;
                        }));
                    }
                    writers.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < EACH; i++) {
                            viewer.send("{\"v\":2,\"type\":\"report\",\"clientTime\":" + System.currentTimeMillis()
                                    + ",\"position\":0,\"rate\":1,\"paused\":false,\"buffering\":" + (i % 2 == 0) + "}");
                        }
                        return null;
                    }));
                    go.countDown();
                    for (var w : writers) {
                        w.get(30, TimeUnit.SECONDS);
                    }
                    long changes = 3L * EACH;
                    for (var ws : all) {
                        List<Long> seqs = timelineSeqsUntil(ws, changes);
                        for (int i = 1; i < seqs.size(); i++) {
                            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "run " + run + ": " + seqs);
                        }
                    }
                    long stored = given().auth().oauth2(StaffTokens.admin())
                            .when().get("/api/sync/rooms/" + roomId + "/timeline").then().statusCode(200)
                            .extract().jsonPath().getLong("seq");
                    assertEquals(changes, stored, "run " + run + ": every change was applied once");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void socketsOpeningWhileStatesArePublishedSeeEachStateOnceAndInOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(7);
        try {
            for (int run = 0; run < RUNS; run++) {
                String roomId = "states-" + UUID.randomUUID();
                publish(videoState(roomId, 1));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<WebSocketProbe>> opened = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String participant = "p" + i;
                    opened.add(pool.submit(() -> {
                        go.await();
                        return WebSocketProbe.open(room(roomId),
                                bearer(PassTokens.pass(participant, roomId, "viewer", false, Duration.ofMinutes(5))));
                    }));
                }
                Future<?> publisher = pool.submit(() -> {
                    go.await();
                    for (int i = 2; i <= EACH; i++) {
                        publish(videoState(roomId, i));
                    }
                    return null;
                });
                go.countDown();
                publisher.get(30, TimeUnit.SECONDS);
                for (var f : opened) {
                    try (var ws = f.get(30, TimeUnit.SECONDS)) {
                        List<Long> seqs = roomSeqsUntil(ws, EACH);
                        for (int i = 1; i < seqs.size(); i++) {
                            assertTrue(seqs.get(i - 1) < seqs.get(i), "run " + run + ": " + seqs);
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The seqs of the room frames a socket receives, up to the one with {@code last}. */
    private static List<Long> roomSeqsUntil(WebSocketProbe ws, long last) {
        List<Long> seqs = new ArrayList<>();
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < last) {
            Duration left = Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis()));
            RoomState r = (RoomState) SyncCodec.decode(ws.nextContaining("\"type\":\"room\"", left));
            seqs.add(r.seq());
        }
        return seqs;
    }

    /** The seqs of the timeline frames a socket receives, up to the one with {@code last}. */
    private static List<Long> timelineSeqsUntil(WebSocketProbe ws, long last) {
        List<Long> seqs = new ArrayList<>();
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < last) {
            Duration left = Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis()));
            Timeline t = (Timeline) SyncCodec.decode(ws.nextContaining("\"type\":\"timeline\"", left));
            seqs.add(t.seq());
        }
        return seqs;
    }

    @Test
    void socketsJoiningAndLeavingAtOnceLeaveTheRightMembersOnline() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int run = 0; run < RUNS; run++) {
                String roomId = "members-" + UUID.randomUUID();
                try (var staff = WebSocketProbe.open(room(roomId), bearer(StaffTokens.token("watch-" + run, "admin")))) {
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<WebSocketProbe>> opened = new ArrayList<>();
                    for (int i = 0; i < 12; i++) {
                        String participant = "p" + i;
                        boolean stays = i % 2 == 0;
                        opened.add(pool.submit(() -> {
                            go.await();
                            var ws = WebSocketProbe.open(room(roomId),
                                    bearer(PassTokens.pass(participant, roomId, "viewer", false, Duration.ofMinutes(5))));
                            ws.nextContaining("\"type\":\"hello\"", WAIT);
                            if (!stays) {
                                ws.close();
                                return null;
                            }
                            return ws;
                        }));
                    }
                    go.countDown();
                    List<WebSocketProbe> staying = new ArrayList<>();
                    for (var f : opened) {
                        var ws = f.get(30, TimeUnit.SECONDS);
                        if (ws != null) {
                            staying.add(ws);
                        }
                    }
                    try {
                        Set<String> expected = new TreeSet<>(Set.of("p0", "p2", "p4", "p6", "p8", "p10"));
                        // frames already on their way describe the room as it was: skip them, then read the
                        // presence the server computes each second from now on
                        Thread.sleep(300);
                        staff.drain();
                        for (int i = 0; i < 2; i++) {
                            Presence p = (Presence) SyncCodec.decode(staff.nextContaining("\"type\":\"presence\"", WAIT));
                            assertEquals(expected, p.members().stream().filter(m -> m.online()
                                            && m.participantId().startsWith("p")).map(Presence.Member::participantId)
                                    .collect(Collectors.toCollection(TreeSet::new)), "run " + run);
                        }
                    } finally {
                        staying.forEach(WebSocketProbe::close);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
