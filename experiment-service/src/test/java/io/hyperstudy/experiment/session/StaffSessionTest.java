package io.hyperstudy.experiment.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperstudy.bots.BotResult;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RecordingCompleted;
import io.hyperstudy.model.events.RecordingStarted;
import io.hyperstudy.model.events.SyncQualityReported;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What staff do with sessions: who may create and read them, the experimenter's controls over a room
 * a bot is in, and the exports (CSV and JSON) with responses, room events and sync quality.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class StaffSessionTest {
    static final String OWNER = StaffTokens.experimenter("stella");
    static final String EDITOR = StaffTokens.experimenter("eddy");
    static final String VIEWER = StaffTokens.experimenter("viv");
    static final String STRANGER = StaffTokens.experimenter("stan");

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopBots() {
        pool.shutdownNow();
    }

    private String experiment() {
        String id = Studies.publishedExperiment(OWNER, Studies.definition("solo.json"));
        for (String[] share : new String[][] {{"eddy", "editor"}, {"viv", "viewer"}}) {
            given().auth().oauth2(OWNER).contentType(ContentType.JSON).body("{\"access\":\"" + share[1] + "\"}")
                    .when().put("/api/experiments/" + id + "/collaborators/" + share[0]).then().statusCode(200);
        }
        return id;
    }

    private String sessionBody(String experimentId) {
        return "{\"experimentId\":\"" + experimentId + "\",\"version\":1}";
    }

    private static JsonNode room(String token, String sessionId) {
        var rooms = given().auth().oauth2(token).when().get("/api/sessions/" + sessionId + "/rooms")
                .then().statusCode(200).extract().body().asString();
        try {
            JsonNode all = Studies.JSON.readTree(rooms);
            return all.size() == 0 ? null : all.get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the session's room is in the state and its participant has answered there. */
    private String roomAt(String sessionId, int stateIndex) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode r = room(VIEWER, sessionId);
            return r != null && r.path("stateIndex").asInt() == stateIndex && r.path("submitted").size() == 1;
        });
        return room(VIEWER, sessionId).path("id").asText();
    }

    @Test
    void sessionsFollowTheExperimentsSharing() {
        String experiment = experiment();
        given().contentType(ContentType.JSON).body(sessionBody(experiment)).when().post("/api/sessions")
                .then().statusCode(401);
        given().auth().oauth2(StaffTokens.token("pat", "participant")).contentType(ContentType.JSON)
                .body(sessionBody(experiment)).when().post("/api/sessions").then().statusCode(403);
        given().auth().oauth2(VIEWER).contentType(ContentType.JSON).body(sessionBody(experiment))
                .when().post("/api/sessions").then().statusCode(403);
        given().auth().oauth2(STRANGER).contentType(ContentType.JSON).body(sessionBody(experiment))
                .when().post("/api/sessions").then().statusCode(404);
        given().auth().oauth2(EDITOR).contentType(ContentType.JSON)
                .body("{\"experimentId\":\"" + experiment + "\",\"version\":7}")
                .when().post("/api/sessions").then().statusCode(400).body("errors[0].field", equalTo("version"));
        given().auth().oauth2(EDITOR).contentType(ContentType.JSON)
                .body("{\"experimentId\":\"" + experiment + "\",\"version\":1,\"settings\":{\"graceSeconds\":0,"
                        + "\"completionUrl\":\"ftp://x\",\"codes\":{\"won\":\"X\"}}}")
                .when().post("/api/sessions").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("settings.graceSeconds",
                        "settings.completionUrl", "settings.codes.won"));
        String session = given().auth().oauth2(EDITOR).contentType(ContentType.JSON).body(sessionBody(experiment))
                .when().post("/api/sessions").then().statusCode(201).extract().path("id");

        given().auth().oauth2(VIEWER).when().get("/api/sessions/" + session).then().statusCode(200)
                .body("settings.matching", equalTo("firstCome")).body("settings.waitingTimeoutSeconds", equalTo(600));
        given().auth().oauth2(VIEWER).when().get("/api/sessions?experimentId=" + experiment).then().statusCode(200)
                .body("$", hasSize(1));
        given().auth().oauth2(STRANGER).when().get("/api/sessions/" + session).then().statusCode(404);
        given().auth().oauth2(STRANGER).when().get("/api/sessions?experimentId=" + experiment).then().statusCode(404);
        given().auth().oauth2(STRANGER).when().get("/api/sessions/" + session + "/participants").then().statusCode(404);
        given().auth().oauth2(VIEWER).when().post("/api/sessions/" + session + "/close").then().statusCode(403);
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/sessions/" + session).then().statusCode(200);
        // an experiment with sessions keeps its published versions: it cannot be deleted from under them
        given().auth().oauth2(OWNER).when().delete("/api/experiments/" + experiment).then().statusCode(409);
    }

    @Test
    void theExperimenterPausesResumesAndSkipsARoomAndTheExportHasItAll() throws Exception {
        String experiment = experiment();
        Studies.Study study = Studies.session(OWNER, experiment, Studies.settings());
        Future<BotResult> bot = pool.submit(Studies.bot(base, study, "solo-1", Studies.polite()));
        String roomId = roomAt(study.sessionId(), 1);

        given().auth().oauth2(STRANGER).when().get("/api/rooms/" + roomId).then().statusCode(404);
        given().auth().oauth2(STRANGER).when().post("/api/rooms/" + roomId + "/pause").then().statusCode(404);
        given().auth().oauth2(VIEWER).when().post("/api/rooms/" + roomId + "/pause").then().statusCode(403);
        given().when().post("/api/rooms/" + roomId + "/pause").then().statusCode(401);
        given().auth().oauth2(EDITOR).when().post("/api/rooms/" + roomId + "/pause").then().statusCode(200)
                .body("status", equalTo("PAUSED")).body("heldByExperimenter", equalTo(true));
        given().auth().oauth2(EDITOR).when().post("/api/rooms/" + roomId + "/resume").then().statusCode(200)
                .body("status", equalTo("RUNNING"));
        given().auth().oauth2(EDITOR).contentType(ContentType.JSON).body("{\"stateId\":\"nowhere\"}")
                .when().post("/api/rooms/" + roomId + "/skip").then().statusCode(400)
                .body("errors[0].field", equalTo("stateId"));
        given().auth().oauth2(EDITOR).contentType(ContentType.JSON).body("{\"stateId\":\"bye\"}")
                .when().post("/api/rooms/" + roomId + "/skip").then().statusCode(200).body("stateIndex", equalTo(2));
        BotResult result = bot.get();
        assertEquals(List.of("intro", "hold", "bye"), result.states());
        assertEquals("completed", result.outcome());

        long disconnected = System.currentTimeMillis();
        KafkaEvents.send(bootstrap, CloudEvent.of("/sync-service", new SyncQualityReported(roomId, result.participantId(),
                disconnected - 5000, disconnected, 40, 0.4, 1.7, 1, 0.3, 21.0, null), Instant.now()));

        // media-service's recording of the room: its start, its completion, then the start again (redelivered)
        var started = new RecordingStarted(roomId + "-3", roomId, study.sessionId(), study.experimentId(), 1, "hold",
                "composite", null, "EG_1", disconnected - 4000, -120);
        var completed = new RecordingCompleted(roomId + "-3", roomId, study.sessionId(), study.experimentId(), 1, "hold",
                "composite", null, "EG_1", "complete", disconnected - 4000, disconnected - 1000, -120L,
                List.of(new RecordingCompleted.File("r.mp4", "gs://b/r.mp4", 1000, 3000)), null);
        KafkaEvents.send(bootstrap, CloudEvent.of("/media-service", started, Instant.now()));
        KafkaEvents.send(bootstrap, CloudEvent.of("/media-service", completed, Instant.now()));
        KafkaEvents.send(bootstrap, CloudEvent.of("/media-service", started, Instant.now()));

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() -> {
            String export = given().auth().oauth2(VIEWER).when().get("/api/exports/sessions/" + study.sessionId())
                    .then().statusCode(200).extract().body().asString();
            // rows, not the word: state changes carry a "recording" field too
            return export.contains("\nsync_quality,") && export.contains("\nrecording,");
        });
        var csv = given().auth().oauth2(VIEWER).when().get("/api/exports/sessions/" + study.sessionId())
                .then().statusCode(200).contentType("text/csv").extract();
        assertTrue(csv.header("Content-Disposition").contains("session-" + study.sessionId() + ".csv"));
        List<String> lines = Arrays.asList(csv.body().asString().split("\r\n"));
        assertEquals("record,experiment_id,session_id,room_id,participant_id,participant_label,role,state_index,"
                + "state_id,component_id,component_type,response_id,client_time,server_time,value", lines.get(0));
        List<String> records = lines.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).toList();
        assertEquals("participant", records.get(0));
        assertTrue(lines.get(1).contains(",solo-1,solo,"), lines.get(1));
        assertEquals(2, records.stream().filter("response"::equals).count(), "the continue and the rating: " + lines);
        assertTrue(records.stream().filter("room_event"::equals).count() >= 6, "started, 3 states, pause, resume...");
        // the experimenter's own decisions say who made them; the room's own (entering the first state) do not
        List<String> byStaff = lines.stream().filter(l -> l.startsWith("room_event,") && l.contains("\"\"actor\"\":\"\""))
                .toList();
        assertEquals(3, byStaff.size(), "the pause, the resume and the skip: " + byStaff);
        assertTrue(byStaff.stream().allMatch(l -> l.contains("\"\"actor\"\":\"\"eddy\"\"")), byStaff.toString());
        assertEquals("sync_quality", records.get(records.size() - 1));
        assertEquals("recording", records.get(records.size() - 2), "reports in server-time order");
        String recording = lines.get(lines.size() - 2);
        assertTrue(recording.contains(",1,hold,") && recording.contains("complete") && recording.contains("-120"),
                "the completion, with its state and offset, not the redelivered start: " + recording);
        System.out.println("export excerpt:\n" + String.join("\n", lines));

        JsonNode json = Studies.JSON.readTree(given().auth().oauth2(VIEWER)
                .when().get("/api/exports/experiments/" + experiment + "?format=json")
                .then().statusCode(200).contentType("application/json").extract().body().asString());
        assertEquals(records.size(), json.size());
        JsonNode rating = null;
        for (JsonNode row : json) {
            if ("mood".equals(row.path("component_id").asText())) {
                rating = row;
            }
        }
        assertEquals(5, rating.path("value").asInt(), "values are JSON, not text: " + rating);
        assertEquals("hold", rating.path("state_id").asText());

        given().auth().oauth2(STRANGER).when().get("/api/exports/sessions/" + study.sessionId()).then().statusCode(404);
        given().when().get("/api/exports/sessions/" + study.sessionId()).then().statusCode(401);
        given().auth().oauth2(VIEWER).when().get("/api/exports/sessions/" + study.sessionId() + "?format=xls")
                .then().statusCode(400);
    }

    @Test
    void endingARoomGivesItsParticipantsTheEndedCode() throws Exception {
        Studies.Study study = Studies.session(OWNER, experiment(), Studies.settings());
        Future<BotResult> bot = pool.submit(Studies.bot(base, study, "solo-2", Studies.polite()));
        String roomId = roomAt(study.sessionId(), 1);
        given().auth().oauth2(EDITOR).when().post("/api/rooms/" + roomId + "/end").then().statusCode(200)
                .body("status", equalTo("ENDED")).body("endReason", equalTo("ended"));
        BotResult result = bot.get();
        assertEquals("ended", result.outcome());
        assertEquals("C-END", result.code());
    }
}
