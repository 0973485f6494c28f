package io.hyperstudy.experiment.response;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Responses are taken for the room's current state only, and only where the participant's role is:
 * anything else is refused and stores nothing, while a retry of what was stored still answers
 * "already stored" after the room moved on.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class ResponseScopeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OWNER = StaffTokens.experimenter("scope-owner");

    static ValidatableResponse send(String pass, String id, String stateId, String componentId, String value) {
        String body = "{\"responses\":[{\"id\":\"" + id + "\",\"stateId\":\"" + stateId + "\",\"componentId\":\""
                + componentId + "\"" + (value == null ? "" : ",\"value\":" + value) + "}]}";
        return given().auth().oauth2(pass).contentType(ContentType.JSON).body(body)
                .when().post("/api/participants/me/responses").then();
    }

    static String redeem(String sessionId, String key, String label, String role, String roleKey) {
        ObjectNode body = JSON.createObjectNode().put("sessionId", sessionId).put("key", key);
        ObjectNode params = body.putObject("params").put("PROLIFIC_PID", label).put("role", role);
        if (roleKey != null) {
            params.put("roleKey", roleKey);
        }
        return given().contentType(ContentType.JSON).body(body.toString()).when().post("/api/participants/redeem")
                .then().statusCode(200).extract().path("pass.token");
    }

    static String roomPass(String pass) {
        String[] fresh = {null};
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var status = given().auth().oauth2(pass).when().post("/api/participants/me/heartbeat").then().extract();
            fresh[0] = status.path("pass.token");
            return "inRoom".equals(status.path("status"));
        });
        return fresh[0];
    }

    static String stateOf(String pass) {
        return given().auth().oauth2(pass).when().post("/api/participants/me/heartbeat").then().extract()
                .path("room.stateId");
    }

    @Test
    void onlyTheCurrentStateAndTheRolesItIsForTakeResponses() throws Exception {
        ObjectNode experiment = JSON.createObjectNode().put("title", "Scope");
        try (InputStream in = getClass().getResourceAsStream("/definitions/hosted.json")) {
            experiment.set("definition", JSON.readTree(in));
        }
        String experimentId = given().auth().oauth2(OWNER).contentType(ContentType.JSON).body(experiment.toString())
                .when().post("/api/experiments").then().statusCode(201).extract().path("id");
        given().auth().oauth2(OWNER).when().post("/api/experiments/" + experimentId + "/versions").then().statusCode(201);
        ObjectNode session = JSON.createObjectNode().put("experimentId", experimentId).put("version", 1);
        session.putObject("settings").put("matching", "roleBalanced");
        String sessionId = given().auth().oauth2(OWNER).contentType(ContentType.JSON).body(session.toString())
                .when().post("/api/sessions").then().statusCode(201).extract().path("id");
        String link = given().auth().oauth2(OWNER).contentType(ContentType.JSON).body("{\"role\":\"guide\"}")
                .when().post("/api/sessions/" + sessionId + "/role-links").then().statusCode(200).extract().path("joinPath");
        String key = URLDecoder.decode(link.replaceAll(".*[?&]key=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        String roleKey = URLDecoder.decode(link.replaceAll(".*[?&]roleKey=([^&]*).*", "$1"), StandardCharsets.UTF_8);
        String guideWaiting = redeem(sessionId, key, "gus", "guide", roleKey);
        String viewerWaiting = redeem(sessionId, key, "vera", "viewer", null);
        String viewer = roomPass(viewerWaiting);
        String guide = roomPass(guideWaiting);
        await().atMost(Duration.ofSeconds(5)).until(() -> "talk".equals(stateOf(viewer)));

        send(viewer, "v-chat", "talk", "guide-chat", "\"hello\"").statusCode(403)
                .contentType("application/problem+json").body("errors.field", hasItem("responses[0].componentId"));
        send(viewer, "v-future", "guide-only", "score", "3").statusCode(409)
                .body("errors.field", hasItem("responses[0].stateId"));
        send(guide, "g-chat", "talk", "guide-chat", "\"welcome\"").statusCode(200).body("accepted", equalTo(1));
        // what was refused was not stored: the same id is new when it is finally valid
        send(viewer, "v-future", "talk", "read", null).statusCode(200).body("accepted", equalTo(1));
        send(guide, "g-read", "talk", "read", null).statusCode(200).body("accepted", equalTo(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> "guide-only".equals(stateOf(guide)));

        send(viewer, "v-future", "talk", "read", null).statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        send(viewer, "v-late", "talk", "read", null).statusCode(409)
                .body("errors[0].message", equalTo("is a state that is over; the room is in a later state"));
        send(viewer, "v-score", "guide-only", "score", "4").statusCode(403);
        send(guide, "g-score", "guide-only", "score", "9").statusCode(400);
        send(guide, "g-score", "guide-only", "score", "4").statusCode(200).body("accepted", equalTo(1));

        given().auth().oauth2(OWNER).when().post("/api/rooms/" + given().auth().oauth2(guide)
                .when().get("/api/participants/me").then().extract().path("room.roomId") + "/end").then().statusCode(200);
        send(guide, "g-score", "guide-only", "score", "4").statusCode(200).body("duplicates", equalTo(1));
        send(guide, "g-after", "guide-only", "score", "4").statusCode(409);
        String csv = given().auth().oauth2(OWNER).when().get("/api/exports/sessions/" + sessionId + "?format=csv")
                .then().statusCode(200).extract().asString();
        for (String refused : new String[] {"v-chat", "v-late", "v-score", "g-after"}) {
            org.junit.jupiter.api.Assertions.assertFalse(csv.contains(refused), refused + " was stored");
        }
    }
}
