package io.hyperstudy.system;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RecordingCompleted;
import io.hyperstudy.model.events.RecordingStarted;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.events.Topics;
import io.hyperstudy.testinfra.KafkaBroker;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.LiveKitStandIn;
import io.hyperstudy.testinfra.LiveKitWebhooks;
import io.hyperstudy.testinfra.StaffTokens;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session whose call state records, across the real services: experiment-service's room events reach
 * media-service through Kafka, which starts LiveKit egress as the state begins and stops it as the next
 * begins (LiveKit: the stand-in, whose signed webhooks come in through the gateway); the catalogue places
 * the recording on the room's server-time line, and RecordingStarted/Completed are published.
 */
class RecordingIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    /** experiment-service's default lead before a state that records. */
    static final long RECORDING_LEAD_MS = 3_000;
    static final String DEFINITION = """
            {"roles":[{"id":"p","count":1}],
             "states":[
               {"id":"talk","focus":{"type":"text","id":"t","text":"Talk to each other"},
                "globals":[{"type":"call","id":"call","audio":true,"video":true,"publishRoles":["p"]}],
                "end":{"kind":"timer","seconds":2},"dropout":{"policy":"continue"},"recording":"composite"},
               {"id":"after","focus":{"type":"text","id":"t2","text":"done","continueButton":true},
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}}]}""";

    @Test
    void aRecordedStateIsRecordedForItsDurationAndAlignedWithTheRoomsTimeLine() throws Exception {
        Platform platform = Platform.get();
        Joined joined = Joined.join(DEFINITION);
        String bootstrap = KafkaBroker.shared().bootstrapServers();

        // the role may speak and be seen in this experiment's call: its LiveKit token says so, and no more
        String callToken = given().baseUri(joined.gateway()).auth().oauth2(joined.roomPass())
                .when().post("/api/media/rooms/" + joined.roomId() + "/token").then().statusCode(200).extract().path("token");
        var call = JWT.require(Algorithm.HMAC256(LiveKitStandIn.API_SECRET)).withIssuer(LiveKitStandIn.API_KEY).build()
                .verify(callToken);
        Map<String, Object> grants = call.getClaim("video").asMap();
        assertEquals(true, grants.get("canPublish"));
        assertEquals(List.of("camera", "microphone"), grants.get("canPublishSources"));
        assertEquals(joined.roomId(), grants.get("room"));

        Awaitility.await().atMost(WAIT).until(() -> platform.liveKit().calls()
                .contains("StartRoomCompositeEgress " + joined.roomId()));
        JsonPath done = Awaitility.await().atMost(WAIT).until(() -> catalogue(joined, Joined.STAFF).statusCode(200)
                .extract().jsonPath(), j -> List.of("complete").equals(j.getList("status")));
        String egressId = done.getString("[0].egressId");
        assertTrue(platform.liveKit().calls().contains("StopEgress " + egressId), "the next state stopped it");

        // the state's start, as experiment-service announced it, is where the recording's offset counts from
        ConsumerRecord<String, CloudEvent> talk = KafkaEvents.await(bootstrap, Topics.SESSIONS,
                r -> r.value().data() instanceof RoomStateChanged c && c.roomId().equals(joined.roomId())
                        && c.stateId().equals("talk") && c.transition().equals(RoomStateChanged.ENTER), WAIT);
        var entered = (RoomStateChanged) talk.value().data();
        assertEquals(RoomStateChanged.RECORD_COMPOSITE, entered.recording());
        long startedAt = done.getLong("[0].startedAtServerTime");
        assertEquals(entered.startsAtServerTime(), startedAt - done.getLong("[0].offsetMs"));
        long duration = done.getLong("[0].files[0].durationMs");
        // the stand-in's egress becomes active 150 ms after it is asked; a recorded state's lead is 3 s
        long offset = done.getLong("[0].offsetMs");
        assertTrue(offset < 0, "egress was running when the state began: " + offset);
        System.out.printf("recording: offset %d ms from the state's start, so egress was asked %d ms after the "
                + "transition; file %d ms for a 2 s state%n", offset, offset + RECORDING_LEAD_MS - 150, duration);
        assertTrue(duration > 2_000 && duration < 8_000, "the state's 2 s and the lead before it, not " + duration + " ms");

        var started = (RecordingStarted) KafkaEvents.await(bootstrap, Topics.MEDIA,
                r -> r.value().data() instanceof RecordingStarted s && s.roomId().equals(joined.roomId()), WAIT).value().data();
        var completed = (RecordingCompleted) KafkaEvents.await(bootstrap, Topics.MEDIA,
                r -> r.value().data() instanceof RecordingCompleted c && c.roomId().equals(joined.roomId()), WAIT).value().data();
        assertEquals(startedAt, started.startedAtServerTime());
        assertEquals("complete", completed.status());
        assertEquals(joined.sessionId(), completed.sessionId());
        assertTrue(platform.liveKit().webhooks().deliveries().stream()
                .filter(d -> d.subject().equals(egressId)).allMatch(d -> d.status() == 204), "every webhook taken");

        // the file, uploaded by egress to the platform's bucket, served through the gateway by byte range
        String file = "/api/recordings/" + done.getString("[0].id") + "/files/0/content";
        long size = done.getLong("[0].files[0].sizeBytes");
        given().baseUri(joined.gateway()).auth().oauth2(Joined.STAFF).header("Range", "bytes=0-99").when().get(file)
                .then().statusCode(206).header("Content-Range", "bytes 0-99/" + size);
        given().baseUri(joined.gateway()).auth().oauth2(StaffTokens.experimenter("outsider")).when().get(file)
                .then().statusCode(404);
        given().baseUri(joined.gateway()).auth().oauth2(joined.roomPass()).when().get(file).then().statusCode(403);

        // who may read the catalogue: the experiment's staff; not others, not participants
        catalogue(joined, StaffTokens.experimenter("outsider")).statusCode(404);
        catalogue(joined, joined.roomPass()).statusCode(403);
        given().baseUri(joined.gateway()).when().get("/api/recordings?sessionId=" + joined.sessionId()).then().statusCode(401);
        given().baseUri(joined.gateway()).auth().oauth2(Joined.STAFF).when().get("/api/recordings/" + done.getString("[0].id"))
                .then().statusCode(200);
        // the webhook endpoint takes nothing unsigned from outside
        given().baseUri(joined.gateway()).contentType(LiveKitWebhooks.CONTENT_TYPE).body("{\"event\":\"egress_ended\"}")
                .when().post("/webhooks/livekit").then().statusCode(401);
    }

    private static io.restassured.response.ValidatableResponse catalogue(Joined joined, String token) {
        return given().baseUri(joined.gateway()).auth().oauth2(token)
                .when().get("/api/recordings?sessionId=" + joined.sessionId()).then();
    }
}
