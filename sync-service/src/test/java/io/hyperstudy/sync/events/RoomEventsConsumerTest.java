package io.hyperstudy.sync.events;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.events.Topics;
import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.hyperstudy.testinfra.WebSocketProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KafkaResource.class)
class RoomEventsConsumerTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aStateWithASyncedVideoStartsItAtTheStatesServerTimeOnce() {
        String roomId = "room-" + UUID.randomUUID();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/" + roomId);
        String token = StaffTokens.token("erin", "admin");
        try (var ws = WebSocketProbe.open(uri, Map.of("Authorization", "Bearer " + token))) {
            ws.nextContaining("\"ping\"", WAIT);
            // a malformed record on the topic is skipped, not a reason to stop consuming
            KafkaEvents.sendRaw(bootstrap, Topics.SESSIONS, roomId, "{oops".getBytes(StandardCharsets.UTF_8));
            long startsAt = System.currentTimeMillis() + 2000;
            var event = CloudEvent.of("/experiment-service",
                    new RoomStateChanged(roomId, "s1", "e1", 1, "film", startsAt, "film-42", 0.0, RoomStateChanged.ENTER, 1, false, null), Instant.now());
            KafkaEvents.send(bootstrap, event);

            var timeline = (Timeline) SyncCodec.decode(ws.nextContaining("film-42", WAIT));
            assertEquals(PlaybackState.PLAYING, timeline.state());
            assertEquals(startsAt, timeline.serverTime(), 0.001);

            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"pause\"}");
            ws.nextContaining("\"paused\"", WAIT);
            KafkaEvents.send(bootstrap, event);
            // a later, different event proves the consumer has moved past the redelivered one
            KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service",
                    new RoomStateChanged("other-" + roomId, "s1", "e1", 2, "rating", startsAt, null, null, RoomStateChanged.ENTER, 2, false, null), Instant.now()));
            org.awaitility.Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> given().auth().oauth2(token)
                            .when().get("/api/sync/rooms/" + roomId + "/timeline")
                            .then().statusCode(200).body("state", equalTo("paused")));
        }
    }

    private static String report(boolean buffering) {
        return "{\"v\":2,\"type\":\"report\",\"clientTime\":" + System.currentTimeMillis()
                + ",\"position\":1000,\"rate\":1,\"paused\":false,\"buffering\":" + buffering + "}";
    }

    @Test
    void aVideoThatWaitsForBufferingPausesTheRoomUntilEveryPlayerIsReady() throws Exception {
        String roomId = "room-" + UUID.randomUUID();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/" + roomId);
        try (var watcher = WebSocketProbe.open(uri, Map.of("Authorization", "Bearer " + StaffTokens.token("w", "admin")));
             var slow = WebSocketProbe.open(uri, Map.of("Authorization", "Bearer " + StaffTokens.token("s", "admin")))) {
            long startsAt = System.currentTimeMillis() + 300;
            KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service",
                    new RoomStateChanged(roomId, "s1", "e1", 0, "film", startsAt, "wait-42", 0.0,
                            RoomStateChanged.ENTER, 1, true, null), Instant.now()));
            watcher.nextContaining("wait-42", WAIT);
            slow.nextContaining("wait-42", WAIT);
            Thread.sleep(Math.max(0, startsAt - System.currentTimeMillis()) + 50);

            slow.send(report(true));
            var held = (Timeline) SyncCodec.decode(watcher.nextContaining("\"paused\"", WAIT));
            assertEquals("wait-42", held.mediaId());
            slow.send(report(false));
            var resumed = (Timeline) SyncCodec.decode(watcher.nextContaining("\"playing\"", WAIT));
            assertEquals(held.position(), resumed.position(), 0.001, "everyone plays on from the frame they stopped at");
            assertTrue(resumed.serverTime() > System.currentTimeMillis(), "scheduled ahead, to land together");
        }
    }

    @Test
    void byDefaultTheRoomDoesNotStallForOneBufferingPlayer() throws Exception {
        String roomId = "room-" + UUID.randomUUID();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/" + roomId);
        try (var slow = WebSocketProbe.open(uri, Map.of("Authorization", "Bearer " + StaffTokens.token("s", "admin")))) {
            long startsAt = System.currentTimeMillis() + 300;
            KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service",
                    new RoomStateChanged(roomId, "s1", "e1", 0, "film", startsAt, "nowait-42", 0.0,
                            RoomStateChanged.ENTER, 1, false, null), Instant.now()));
            slow.nextContaining("nowait-42", WAIT);
            Thread.sleep(Math.max(0, startsAt - System.currentTimeMillis()) + 50);
            slow.drain();
            slow.send(report(true));
            Thread.sleep(1000);
            assertTrue(slow.drain().stream().noneMatch(f -> f.contains("\"paused\"")), "the room kept playing");
            given().auth().oauth2(StaffTokens.admin()).when().get("/api/sync/rooms/" + roomId + "/timeline")
                    .then().statusCode(200).body("state", equalTo("playing"));
        }
    }

    @Test
    void theTimelineEndpointIsForStaffOnly() {
        given().when().get("/api/sync/rooms/x/timeline").then().statusCode(401);
        given().auth().oauth2(StaffTokens.token("pat", "participant"))
                .when().get("/api/sync/rooms/x/timeline").then().statusCode(403);
        given().auth().oauth2(StaffTokens.admin())
                .when().get("/api/sync/rooms/x/timeline").then().statusCode(200).body("state", equalTo("paused"));
    }
}
