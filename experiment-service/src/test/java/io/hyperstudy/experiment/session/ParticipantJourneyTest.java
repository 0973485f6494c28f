package io.hyperstudy.experiment.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A participant's way through a session over the participant API: redeeming links (and coming back),
 * the pass and what it may do, the waiting room (ghosts, time-outs, role-balanced matching).
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class ParticipantJourneyTest {
    static final String OWNER = StaffTokens.experimenter("jo");

    static ExtractableResponse<Response> redeem(Studies.Study s, Map<String, String> params) {
        return redeem(s, params, null);
    }

    static ExtractableResponse<Response> redeem(Studies.Study s, Map<String, String> params, String resume) {
        ObjectNode body = Studies.JSON.createObjectNode().put("sessionId", s.sessionId()).put("key", s.key());
        body.set("params", Studies.JSON.valueToTree(params));
        if (resume != null) {
            body.put("resume", resume);
        }
        return given().contentType(ContentType.JSON).body(body.toString()).when().post("/api/participants/redeem")
                .then().extract();
    }

    static String pass(Studies.Study s, String label) {
        var r = redeem(s, Map.of("PROLIFIC_PID", label));
        assertEquals(200, r.statusCode(), r.body().asString());
        return r.path("pass.token");
    }

    static JsonNode claims(String jwt) throws Exception {
        return Studies.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    static ExtractableResponse<Response> heartbeat(String pass) {
        return given().auth().oauth2(pass).when().post("/api/participants/me/heartbeat").then().extract();
    }

    private Studies.Study study(String definition, ObjectNode settings) {
        return Studies.session(OWNER, Studies.publishedExperiment(OWNER, Studies.definition(definition)), settings);
    }

    @Test
    void theSamePersonComingBackGetsTheirOwnPlaceBack() throws Exception {
        Studies.Study s = study("pair.json", Studies.settings());
        var first = redeem(s, Map.of("PROLIFIC_PID", "anna", "STUDY_ID", "st1", "SESSION_ID", "se1"));
        var again = redeem(s, Map.of("PROLIFIC_PID", "anna", "STUDY_ID", "st1", "SESSION_ID", "se2"),
                first.path("resume"));
        var other = redeem(s, Map.of("PROLIFIC_PID", "ben"));
        String anna = first.path("status.participantId");
        assertEquals(anna, again.path("status.participantId"));
        assertNotEquals(anna, other.path("status.participantId"));
        JsonNode claims = claims(first.path("pass.token"));
        assertEquals(s.sessionId(), claims.path("hs_session").asText());
        assertEquals(anna, claims.path("sub").asText());
        assertEquals("participant", claims.path("groups").get(0).asText());
        given().auth().oauth2(OWNER).when().get("/api/sessions/" + s.sessionId()).then().statusCode(200)
                .body("participantCount", equalTo(2));
    }

    @Test
    void aLinkWithAWrongKeyOrBadParametersAdmitsNobody() {
        Studies.Study s = study("pair.json", Studies.settings());
        var wrongKey = redeem(new Studies.Study(s.experimentId(), s.sessionId(), "guess"), Map.of("PROLIFIC_PID", "x"));
        assertEquals(404, wrongKey.statusCode());
        assertEquals("application/problem+json", wrongKey.contentType());
        assertEquals(404, redeem(new Studies.Study(s.experimentId(), "no-such-session", s.key()), Map.of()).statusCode());
        var bad = redeem(s, Map.of("PROLIFIC_PID", "x".repeat(300)));
        assertEquals(400, bad.statusCode());
        assertEquals("params.PROLIFIC_PID", bad.path("errors[0].field"));
        given().auth().oauth2(OWNER).when().post("/api/sessions/" + s.sessionId() + "/close").then().statusCode(200)
                .body("open", equalTo(false));
        var late = redeem(s, Map.of("PROLIFIC_PID", "late"));
        assertEquals(409, late.statusCode(), "a closed session admits no one new");
        assertEquals("urn:hyperstudy:problem:session-closed", late.path("type"), "the app tells a closed session apart");
    }

    @Test
    void someoneElseWithTheSameRecruitmentIdIsToldApartFromAClosedSession() {
        Studies.Study s = study("pair.json", Studies.settings());
        assertEquals(200, redeem(s, Map.of("PROLIFIC_PID", "carl"), "carl-browser-secret-0123456789").statusCode());
        var other = redeem(s, Map.of("PROLIFIC_PID", "carl"), "another-browser-secret-0123456789");
        assertEquals(409, other.statusCode());
        assertEquals("urn:hyperstudy:problem:already-joined", other.path("type"));
    }

    @Test
    void aConsentFormComesBeforeTheLineAndDecliningEndsWithItsCode() {
        ObjectNode definition = Studies.definition("pair.json");
        definition.putObject("consent").put("text", "## Consent\nYou will watch a clip.").put("acceptLabel", "I agree");
        Studies.Study s = Studies.session(OWNER, Studies.publishedExperiment(OWNER, definition),
                Studies.settings().put("waitingTimeoutSeconds", 600));
        var first = redeem(s, Map.of("PROLIFIC_PID", "dora"));
        assertEquals("consent", first.path("status.status"));
        assertEquals("## Consent\nYou will watch a clip.", first.path("status.consent.text"));
        assertEquals("I agree", first.path("status.consent.acceptLabel"));
        assertEquals(false, first.path("status.devices.sound"), "a wait state needs nothing of the browser");
        String dora = first.path("pass.token");
        assertEquals("consent", heartbeat(dora).path("status"));

        given().auth().oauth2(dora).contentType(ContentType.JSON).body("{}").when()
                .post("/api/participants/me/consent").then().statusCode(400).body("errors[0].field", equalTo("accepted"));
        long before = System.currentTimeMillis();
        var accepted = given().auth().oauth2(dora).contentType(ContentType.JSON).body("{\"accepted\":true}").when()
                .post("/api/participants/me/consent").then().statusCode(200).body("status", equalTo("waiting"))
                .body("position", equalTo(0)).extract();
        long timesOut = java.time.Instant.parse(accepted.path("timesOutAt")).toEpochMilli();
        long since = java.time.Instant.parse(accepted.path("waitingSince")).toEpochMilli();
        assertEquals(600_000, timesOut - since, "the wait times out the session's timeout after consent");
        assertEquals(true, since >= before - 1000, "the wait counts from consent, not from arrival");
        given().auth().oauth2(dora).contentType(ContentType.JSON).body("{\"accepted\":true}").when()
                .post("/api/participants/me/consent").then().statusCode(200).body("status", equalTo("waiting"));
        given().auth().oauth2(dora).contentType(ContentType.JSON).body("{\"accepted\":false}").when()
                .post("/api/participants/me/consent").then().statusCode(409);

        String emil = pass(s, "emil");
        given().auth().oauth2(emil).contentType(ContentType.JSON).body("{\"accepted\":false}").when()
                .post("/api/participants/me/consent").then().statusCode(200).body("status", equalTo("finished"))
                .body("outcome", equalTo("noConsent")).body("code", equalTo("C-NOC"));
        given().auth().oauth2(emil).contentType(ContentType.JSON).body("{\"accepted\":true}").when()
                .post("/api/participants/me/consent").then().statusCode(409);
        var later = heartbeat(dora);
        assertEquals("waiting", later.path("status"));
        assertEquals(0, (int) later.path("position"));
        var listed = given().auth().oauth2(OWNER).when().get("/api/sessions/" + s.sessionId() + "/participants")
                .then().statusCode(200).extract();
        assertEquals(1, listed.jsonPath().getList("findAll { it.consentedAt != null }").size(),
                "only the one who accepted has a consent time: " + listed.body().asString());
    }

    @Test
    void aPassActsOnlyForItsParticipantAndOnlyOnTheParticipantApi() throws Exception {
        Studies.Study s = study("pair.json", Studies.settings());
        String pass = pass(s, "carl");
        given().when().post("/api/participants/me/heartbeat").then().statusCode(401);
        given().auth().oauth2(OWNER).when().post("/api/participants/me/heartbeat").then().statusCode(403);
        String[] parts = pass.split("\\.");
        ObjectNode payload = (ObjectNode) claims(pass);
        payload.put("sub", "p-someone-else");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.toString().getBytes()) + "." + parts[2];
        given().auth().oauth2(forged).when().post("/api/participants/me/heartbeat").then().statusCode(401);
        given().auth().oauth2(pass.substring(0, pass.length() - 4) + "AAAA").when().get("/api/participants/me")
                .then().statusCode(401);
        given().auth().oauth2(pass).when().get("/api/sessions/" + s.sessionId()).then().statusCode(403);
        given().auth().oauth2(pass).when().get("/api/experiments").then().statusCode(403);
        given().auth().oauth2(pass).when().get("/api/exports/sessions/" + s.sessionId()).then().statusCode(403);
        given().auth().oauth2(pass).when().post("/api/participants/me/heartbeat").then().statusCode(200)
                .body("status", equalTo("waiting"));
        given().auth().oauth2(pass).contentType(ContentType.JSON)
                .body("{\"responses\":[{\"id\":\"r1\",\"stateId\":\"only\",\"componentId\":\"meet\"}]}")
                .when().post("/api/participants/me/responses").then().statusCode(409);
        given().when().get("/api/participants/jwks").then().statusCode(200).body("keys[0].kty", equalTo("RSA"));
    }

    @Test
    void aClosedTabLeavesTheLineWithinSecondsAndComesBackToItsPlace() {
        Studies.Study s = study("three-states.json", Studies.settings());
        String first = pass(s, "early");
        String ghost = pass(s, "ghost");
        given().auth().oauth2(ghost).when().get("/api/participants/me").then().body("position", equalTo(1));
        // only "early" keeps beating; the ghost's place lapses after the heartbeat timeout (2 s here)
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            heartbeat(first);
            given().auth().oauth2(ghost).when().get("/api/participants/me").then()
                    .body("status", equalTo("waiting")).body("position", nullValue());
        });
        String late = pass(s, "late");
        heartbeat(ghost);
        given().auth().oauth2(ghost).when().get("/api/participants/me").then()
                .body("position", equalTo(1)).body("status", equalTo("waiting"));
        given().auth().oauth2(late).when().get("/api/participants/me").then().body("position", equalTo(2));
    }

    @Test
    void someoneWhoWaitsTooLongGetsTheTimedOutCode() {
        ObjectNode settings = Studies.settings().put("waitingTimeoutSeconds", 5);
        Studies.Study s = study("pair.json", settings);
        String alone = pass(s, "alone");
        await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(alone).when().post("/api/participants/me/heartbeat").then()
                        .body("status", equalTo("finished")).body("outcome", equalTo("timedOut"))
                        .body("code", equalTo("C-WAIT"))
                        .body("completionUrl", equalTo("https://app.prolific.example/submissions/complete?cc=C-WAIT")));
    }

    @Test
    void roleBalancedMatchingPairsRolesAndTheRoomPassNamesTheRoom() throws Exception {
        ObjectNode settings = Studies.settings().put("matching", "roleBalanced");
        Studies.Study s = study("pair.json", settings);
        var a1 = redeem(s, Map.of("PROLIFIC_PID", "a1", "role", "a"));
        var a2 = redeem(s, Map.of("PROLIFIC_PID", "a2", "role", "a"));
        var auto = redeem(s, Map.of("PROLIFIC_PID", "auto"));
        assertEquals("a", a1.path("status.role"));
        assertEquals("b", auto.path("status.role"), "the session was short of b");
        String p1 = a1.path("pass.token");
        String p2 = a2.path("pass.token");
        String pb = auto.path("pass.token");
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            heartbeat(p2);
            heartbeat(pb);
            given().auth().oauth2(p1).when().post("/api/participants/me/heartbeat").then()
                    .body("status", equalTo("inRoom"));
        });
        var b = heartbeat(pb);
        assertEquals("inRoom", b.path("status"));
        assertEquals("waiting", heartbeat(p2).path("status"), "a second a waits for another b");
        String roomPass = b.path("pass.token");
        JsonNode claims = claims(roomPass);
        assertEquals(b.path("room.roomId").toString(), claims.path("hs_room").asText());
        assertEquals("b", claims.path("hs_role").asText());
        given().auth().oauth2(roomPass).when().post("/api/participants/me/heartbeat").then().statusCode(200)
                .body("pass", nullValue()).body("room", notNullValue());
    }

    @Test
    void aRetriedResponseIsStoredOnceAndABadOneIsRefusedWithItsPath() throws Exception {
        Studies.Study s = study("solo.json", Studies.settings());
        String waiting = pass(s, "resp");
        await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200)).until(() ->
                "inRoom".equals(heartbeat(waiting).path("status")));
        String body = "{\"responses\":[{\"id\":\"c-1\",\"stateId\":\"intro\",\"componentId\":\"hi\",\"clientTime\":1}]}";
        given().auth().oauth2(waiting).contentType(ContentType.JSON).body(body)
                .when().post("/api/participants/me/responses").then().statusCode(200)
                .body("accepted", equalTo(1)).body("duplicates", equalTo(0));
        given().auth().oauth2(waiting).contentType(ContentType.JSON).body(body)
                .when().post("/api/participants/me/responses").then().statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() ->
                "hold".equals(heartbeat(waiting).path("room.stateId")));
        given().auth().oauth2(waiting).contentType(ContentType.JSON)
                .body("{\"responses\":[{\"id\":\"c-2\",\"stateId\":\"hold\",\"componentId\":\"mood\",\"value\":2.5},"
                        + "{\"id\":\"c-3\",\"stateId\":\"hold\",\"componentId\":\"nothing\"}]}")
                .when().post("/api/participants/me/responses").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("responses[0].value", "responses[1].componentId"));
        given().auth().oauth2(waiting).contentType(ContentType.JSON)
                .body("{\"responses\":[{\"id\":\"c-3\",\"stateId\":\"bye\",\"componentId\":\"thanks\"}]}")
                .when().post("/api/participants/me/responses").then().statusCode(409)
                .body("errors[0].field", equalTo("responses[0].stateId"));
        String roomPass = given().auth().oauth2(waiting).when().post("/api/participants/me/pass").then()
                .statusCode(200).extract().path("token");
        given().auth().oauth2(waiting).when().post("/api/participants/me/withdraw").then().statusCode(200)
                .body("status", equalTo("finished")).body("outcome", equalTo("noConsent")).body("code", equalTo("C-NOC"));
        given().auth().oauth2(OWNER).when().get("/api/sessions/" + s.sessionId() + "/rooms").then()
                .body("[0].status", equalTo("ENDED")).body("[0].endReason", equalTo("dropout"));
        // out of the room, a renewal no longer names it: a withdrawn participant cannot keep a room pass alive
        assertNotEquals("", claims(roomPass).path("hs_room").asText());
        String renewed = given().auth().oauth2(roomPass).when().post("/api/participants/me/pass").then()
                .statusCode(200).extract().path("token");
        JsonNode after = claims(renewed);
        assertEquals(true, after.path("hs_room").isMissingNode(), after.toString());
        assertEquals(true, after.path("hs_role").isMissingNode());
        assertEquals(true, after.path("hs_publish").isMissingNode());
        given().auth().oauth2(roomPass).when().post("/api/participants/me/heartbeat").then().statusCode(200)
                .body("status", equalTo("finished")).body("pass.token", notNullValue());
    }
}
