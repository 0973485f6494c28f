package io.hyperstudy.experiment.participant;

import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * With the waiting room's Redis unreachable, joining answers 503 (retry), not 500, and what was stored
 * stays stored: the participant exists once, and a retry finds them again.
 */
@QuarkusTest
@TestProfile(RedisDownTest.DeadRedis.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
class RedisDownTest {

    public static class DeadRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // nothing listens on port 9: every Redis call fails to connect
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:9");
        }
    }

    @Test
    void joiningWithoutTheWaitingRoomAdmitsOnceAndHeartbeatsWaitForIt() {
        String owner = StaffTokens.experimenter("rd");
        String definition = "{\"roles\":[{\"id\":\"p\",\"count\":2}],\"states\":[{\"id\":\"s\","
                + "\"focus\":{\"type\":\"wait\",\"id\":\"w\"},\"end\":{\"kind\":\"allSubmitted\"}}]}";
        String experiment = given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"title\":\"Redis down\",\"definition\":" + definition + "}")
                .when().post("/api/experiments").then().statusCode(201).extract().path("id");
        given().auth().oauth2(owner).when().post("/api/experiments/" + experiment + "/versions").then().statusCode(201);
        var session = given().auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"experimentId\":\"" + experiment + "\",\"version\":1}")
                .when().post("/api/sessions").then().statusCode(201).extract();
        String sessionId = session.path("id");
        String joinPath = session.path("joinPath");
        // the app's own resume secret: a retry of a redeem whose answer was lost finds the same participant
        String body = "{\"sessionId\":\"" + sessionId + "\",\"key\":\"" + joinPath.substring(joinPath.indexOf("key=") + 4)
                + "\",\"params\":{\"PROLIFIC_PID\":\"rd-1\"},\"resume\":\"rd-1-secret-made-by-the-app-0123\"}";
        String pass = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            // admitted without the waiting room: the first heartbeat after it is back puts them in line
            pass = given().contentType(ContentType.JSON).body(body).when().post("/api/participants/redeem")
                    .then().statusCode(200).body("status.status", equalTo("waiting"))
                    .extract().path("pass.token");
        }
        given().auth().oauth2(owner).when().get("/api/sessions/" + sessionId).then().statusCode(200)
                .body("participantCount", equalTo(1));
        given().auth().oauth2(pass).when().post("/api/participants/me/heartbeat")
                .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "2");
    }
}
