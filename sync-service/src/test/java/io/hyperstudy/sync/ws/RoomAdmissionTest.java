package io.hyperstudy.sync.ws;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.ParticipantLeft;
import io.hyperstudy.model.sync.Hello;
import io.hyperstudy.model.sync.Presence;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.PassTokens;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who keeps a room's socket: a participant only with a pass for the room, only while they are in it,
 * only while a pass of theirs is valid, and with at most a few sockets at once. Passes are signed by the
 * OIDC test server, as experiment-service signs them.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KafkaResource.class)
class RoomAdmissionTest {
    static final Duration WAIT = Duration.ofSeconds(5);

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    URI room(String id) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/" + id);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    static String newRoom() {
        return "room-" + UUID.randomUUID();
    }

    @Test
    void aPassOpensItsOwnRoomOnly() {
        String roomId = newRoom();
        assertEquals(403, WebSocketProbe.refusedStatus(room(newRoom()), bearer(PassTokens.pass("p-1", roomId))));
        assertEquals(403, WebSocketProbe.refusedStatus(room(roomId), bearer(PassTokens.pass("p-1", null))));
        try (var ws = WebSocketProbe.open(room(roomId), bearer(PassTokens.pass("p-1", roomId)))) {
            var hello = assertInstanceOf(Hello.class, SyncCodec.decode(ws.next(WAIT)));
            assertEquals("p-1", hello.participantId());
            assertEquals("viewer", hello.role());
        }
    }

    @Test
    void refusalsAreProblems() {
        given().when().get("/ws/rooms/r1").then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401));
        given().auth().oauth2(PassTokens.pass("p-1", "elsewhere")).when().get("/ws/rooms/r1").then()
                .statusCode(403).contentType("application/problem+json").body("title", equalTo("Forbidden"));
        given().when().get("/api/sync/rooms/r1/timeline").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(PassTokens.pass("p-1", "r1")).when().get("/api/sync/rooms/r1/timeline").then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/sync/rooms/a%2Fb/timeline").then()
                .statusCode(403).contentType("application/problem+json");
    }

    @Test
    void staffAccessIsNeverGuessed() {
        // experiment-service is not reachable in this test: an experimenter cannot be told apart from a stranger
        given().auth().oauth2(StaffTokens.experimenter("erin")).when().get("/api/sync/rooms/r1/timeline").then()
                .statusCode(503).contentType("application/problem+json").header("Retry-After", "2");
        assertEquals(503, WebSocketProbe.refusedStatus(room("r1"), bearer(StaffTokens.experimenter("erin"))));
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/sync/rooms/r1/timeline").then().statusCode(200);
    }

    @Test
    void aParticipantWhoLeftLosesTheSocketAndCannotOpenAnother() {
        String roomId = newRoom();
        String pass = PassTokens.pass("p-gone", roomId);
        try (var ws = WebSocketProbe.open(room(roomId), bearer(pass));
             var other = WebSocketProbe.open(room(roomId), bearer(PassTokens.pass("p-stays", roomId)))) {
            ws.nextContaining("\"type\":\"hello\"", WAIT);
            other.nextContaining("\"type\":\"hello\"", WAIT);
            KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service",
                    new ParticipantLeft("s-test", roomId, "p-gone", "dropped"), Instant.now()));
            assertEquals(RoomSocket.CLOSE_LEFT_ROOM, ws.awaitClose(Duration.ofSeconds(10)));
            assertTrue(other.isOpen(), "only the one who left is closed");
        }
        assertEquals(403, WebSocketProbe.refusedStatus(room(roomId), bearer(pass)),
                "the pass still names the room, but its holder left it");
    }

    @Test
    void aSocketLivesAsLongAsItsParticipantsPassesAndNoLonger() throws Exception {
        String roomId = newRoom();
        try (var expiring = WebSocketProbe.open(room(roomId),
                bearer(PassTokens.pass("p-short", roomId, "viewer", false, Duration.ofSeconds(3))));
             var renewed = WebSocketProbe.open(room(roomId),
                     bearer(PassTokens.pass("p-renews", roomId, "viewer", false, Duration.ofSeconds(3))))) {
            renewed.answerPings(0);
            expiring.answerPings(0);
            renewed.send("{\"v\":2,\"type\":\"pass\",\"token\":\"" + PassTokens.pass("p-someone-else", roomId) + "\"}");
            assertTrue(renewed.nextContaining("\"type\":\"error\"", WAIT).contains("invalid"), "another's pass");
            renewed.send("{\"v\":2,\"type\":\"pass\",\"token\":\"not-a-jwt\"}");
            renewed.nextContaining("\"code\":\"invalid\"", WAIT);
            renewed.send("{\"v\":2,\"type\":\"pass\",\"token\":\"" + PassTokens.pass("p-renews", roomId) + "\"}");
            assertEquals(RoomSocket.CLOSE_PASS_EXPIRED, expiring.awaitClose(Duration.ofSeconds(8)));
            Thread.sleep(1500);
            assertTrue(renewed.isOpen(), "a renewed pass keeps its socket open");
            renewed.send("{\"v\":2,\"type\":\"pass\",\"token\":\"" + PassTokens.pass("p-renews", null) + "\"}");
            assertEquals(RoomSocket.CLOSE_LEFT_ROOM, renewed.awaitClose(WAIT), "a renewal that names no room: left");
        }
    }

    @Test
    void onePassHoldsAtMostTwoSocketsAndIsListedOnce() {
        String roomId = newRoom();
        String pass = PassTokens.pass("p-tabs", roomId);
        try (var first = WebSocketProbe.open(room(roomId), bearer(pass));
             var second = WebSocketProbe.open(room(roomId), bearer(pass));
             var third = WebSocketProbe.open(room(roomId), bearer(pass))) {
            assertEquals(RoomSocket.CLOSE_TOO_MANY_SOCKETS, third.awaitClose(WAIT));
            second.nextContaining("\"type\":\"hello\"", WAIT);
            Presence presence = (Presence) SyncCodec.decode(second.nextContaining("\"type\":\"presence\"", WAIT));
            assertEquals(1, presence.members().size(), presence.toString());
            assertTrue(first.isOpen() && second.isOpen());
        }
    }
}
