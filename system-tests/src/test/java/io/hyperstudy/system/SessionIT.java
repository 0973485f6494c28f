package io.hyperstudy.system;

import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.events.Topics;
import io.hyperstudy.model.sync.Hello;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.KafkaBroker;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.LiveKitStandIn;
import io.hyperstudy.testinfra.StaffTokens;
import io.hyperstudy.testinfra.WebSocketProbe;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions across the services, through the gateway: a participant pass from experiment-service opens
 * its own room's socket at sync-service and nothing else; the room's synced video reaches sync-service
 * through Kafka; and a room's timer survives a restart of experiment-service and fires on time.
 */
class SessionIT {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String STAFF = Joined.STAFF;
    /** experiment-service's default lead between a transition and the state's start (prod profile). */
    static final long LEAD_MS = 500;
    static final String DEFINITION = """
            {"roles":[{"id":"p","count":1,"host":true}],
             "states":[
               {"id":"film","focus":{"type":"video","id":"v","mediaId":"film-77","startSeconds":1.5},
                "end":{"kind":"timer","seconds":%s},"dropout":{"policy":"continue"}},
               {"id":"after","focus":{"type":"text","id":"t","text":"done","continueButton":true},
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}}]}""";

    private static Joined joinARoom(double filmSeconds) throws Exception {
        return Joined.join(DEFINITION.formatted(filmSeconds));
    }

    @Test
    void aPassOpensItsOwnRoomSocketOnlyAndTheRoomsVideoReachesSyncService() throws Exception {
        Joined joined = joinARoom(30);
        Platform platform = Platform.get();
        var roomSocket = platform.gatewayWs("/ws/rooms/" + joined.roomId());
        assertEquals(403, WebSocketProbe.refusedStatus(roomSocket,
                Map.of("Authorization", "Bearer " + joined.waitingPass())), "a pass from before matching names no room");
        assertEquals(403, WebSocketProbe.refusedStatus(platform.gatewayWs("/ws/rooms/another-room"),
                Map.of("Authorization", "Bearer " + joined.roomPass())), "a pass opens its own room only");
        assertEquals(401, WebSocketProbe.refusedStatus(roomSocket,
                Map.of("Authorization", "Bearer " + joined.roomPass().substring(0, joined.roomPass().length() - 3) + "abc")));
        given().baseUri(joined.gateway()).auth().oauth2(joined.roomPass())
                .when().get("/api/sync/rooms/" + joined.roomId() + "/timeline").then().statusCode(403);

        // the call: the room's pass gets a LiveKit token for this room only; staff who may see it, an observer's
        String callToken = given().baseUri(joined.gateway()).auth().oauth2(joined.roomPass())
                .when().post("/api/media/rooms/" + joined.roomId() + "/token").then().statusCode(200)
                .extract().path("token");
        var call = com.auth0.jwt.JWT.require(com.auth0.jwt.algorithms.Algorithm.HMAC256(LiveKitStandIn.API_SECRET))
                .withIssuer(LiveKitStandIn.API_KEY).build().verify(callToken);
        Map<String, Object> grants = call.getClaim("video").asMap();
        assertEquals(joined.roomId(), grants.get("room"));
        assertEquals(false, grants.get("canPublish"), "this experiment has no call its roles may speak in");
        assertEquals(true, grants.get("canSubscribe"));
        given().baseUri(joined.gateway()).auth().oauth2(joined.roomPass())
                .when().post("/api/media/rooms/another-room/token").then().statusCode(403);
        given().baseUri(joined.gateway()).auth().oauth2(joined.waitingPass())
                .when().post("/api/media/rooms/" + joined.roomId() + "/token").then().statusCode(403);
        given().baseUri(joined.gateway()).auth().oauth2(STAFF)
                .when().post("/api/media/rooms/" + joined.roomId() + "/token").then().statusCode(200);
        given().baseUri(joined.gateway()).auth().oauth2(StaffTokens.experimenter("outsider"))
                .when().post("/api/media/rooms/" + joined.roomId() + "/token").then().statusCode(404);

        try (var ws = WebSocketProbe.open(roomSocket, Map.of("Authorization", "Bearer " + joined.roomPass()))) {
            var hello = assertInstanceOf(Hello.class, SyncCodec.decode(ws.next(WAIT)), "the hello comes first");
            assertEquals("p", hello.role(), "the experiment role from the pass");
            String timeline = ws.nextContaining("film-77", WAIT);
            assertTrue(timeline.contains("\"playing\""), "the room's state started the video: " + timeline);
            // the host role may steer playback, as staff may
            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"pause\"}");
            assertTrue(ws.nextContaining("\"paused\"", WAIT).contains("film-77"));
        }

        // the room's LiveKit room was opened when the room started, and closes when it ends, both through Kafka
        Awaitility.await().atMost(WAIT).until(() -> platform.liveKit().rooms().containsKey(joined.roomId()));
        given().baseUri(joined.gateway()).auth().oauth2(STAFF).when().post("/api/rooms/" + joined.roomId() + "/end")
                .then().statusCode(200);
        Awaitility.await().atMost(WAIT).until(() -> !platform.liveKit().rooms().containsKey(joined.roomId()));
        assertTrue(platform.liveKit().calls().contains("DeleteRoom " + joined.roomId()));
    }

    @Test
    void aRoomsTimerFiresOnTimeAfterExperimentServiceRestarts() throws Exception {
        Joined joined = joinARoom(20);
        Platform platform = Platform.get();
        long deadline = given().baseUri(joined.gateway()).auth().oauth2(STAFF).when().get("/api/rooms/" + joined.roomId())
                .then().statusCode(200).extract().jsonPath().getLong("deadline");

        // the participant's client keeps its heartbeats going, and rides out the restart
        var heartbeats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> {
            try {
                given().baseUri(joined.gateway()).auth().oauth2(joined.roomPass()).when()
                        .post("/api/participants/me/heartbeat");
            } catch (RuntimeException e) {
                // the service is restarting; the next beat will do
            }
        }, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
        try {
            restartAndWatch(joined, platform, deadline);
        } finally {
            heartbeats.shutdownNow();
        }
    }

    private static void restartAndWatch(Joined joined, Platform platform, long deadline) {
        long down = System.currentTimeMillis();
        platform.stop(Service.EXPERIMENT);
        platform.start(Service.EXPERIMENT);
        platform.awaitReady(Service.EXPERIMENT);
        long restartedAt = System.currentTimeMillis();
        System.out.printf("experiment-service restarted in %d ms; the state's deadline was %d ms after it went down%n",
                restartedAt - down, deadline - down);
        assertTrue(restartedAt < deadline - 500, "the restart took too long to show a timer firing on time");

        var next = KafkaEvents.await(KafkaBroker.shared().bootstrapServers(), Topics.SESSIONS,
                r -> r.value().data() instanceof RoomStateChanged c && c.roomId().equals(joined.roomId())
                        && c.stateId().equals("after"), Duration.ofSeconds(30));
        long decidedAt = ((RoomStateChanged) next.value().data()).startsAtServerTime() - LEAD_MS;
        System.out.printf("the state ended %d ms after its stored deadline%n", decidedAt - deadline);
        assertTrue(decidedAt >= deadline && decidedAt - deadline < 300,
                "ended " + (decidedAt - deadline) + " ms from its deadline");
        // the pass issued before the restart still works: the signing key is the deployment's, not the process's
        given().baseUri(joined.gateway()).auth().oauth2(joined.roomPass()).when().post("/api/participants/me/heartbeat")
                .then().statusCode(200).body("room.stateId", org.hamcrest.Matchers.equalTo("after"));
    }
}
