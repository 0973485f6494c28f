package io.hyperstudy.gateway.throttle;

import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * Without Redis the limits cannot be counted: callers with a token (staff, admitted participants) and
 * media, sockets and webhooks pass (fail open: an outage of a cache must not stop running sessions), while
 * a newcomer's redeem, the one public call that writes, waits until counting is back (503).
 */
@QuarkusTest
@TestProfile(RedisDownTest.NoRedis.class)
class RedisDownTest {

    public static class NoRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:9");
        }
    }

    @Test
    void knownCallersPassAndNewcomersWait() {
        // passed the edge: the backend (absent here) is what answers
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/experiments").then().statusCode(503)
                .body("detail", containsString("experiment-service is unavailable"));
        given().auth().oauth2(StaffTokens.admin()).when().post("/api/participants/me/heartbeat").then()
                .statusCode(503).body("detail", containsString("experiment-service is unavailable"));
        given().contentType(ContentType.JSON).body("{\"sessionId\":\"s\",\"key\":\"k\"}")
                .when().post("/api/participants/redeem").then().statusCode(503).header("Retry-After", "5")
                .contentType("application/problem+json")
                .body("detail", containsString("new participants cannot be admitted"));
    }
}
