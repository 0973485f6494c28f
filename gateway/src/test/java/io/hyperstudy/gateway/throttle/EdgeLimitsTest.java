package io.hyperstudy.gateway.throttle;

import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's own refusals, before any backend is asked (none runs here: whatever passes the edge gets
 * 503 from the unreachable backend): long URIs, oversize bodies and callers over their rate limit, all
 * as problem+json. Limits are small in the test profile: 5 redeems per address and 3 staff calls per token
 * in a 3 s window.
 */
@QuarkusTest
@WithTestResource(RedisResource.class)
class EdgeLimitsTest {

    @Test
    void aLongUriIs414() {
        given().urlEncodingEnabled(false).when().get("/api/experiments/" + "x".repeat(9000)).then().statusCode(414)
                .contentType("application/problem+json").body("status", equalTo(414));
        given().when().get("/api/experiments/" + "x".repeat(7000)).then().statusCode(503);
    }

    @Test
    void aBodyOverItsRoutesLimitIs413AndNeverReachesTheBackend() {
        given().contentType(ContentType.JSON).body("{\"sessionId\":\"" + "s".repeat(20_000) + "\"}")
                .when().post("/api/participants/redeem").then().statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("16384"));
        given().auth().oauth2(StaffTokens.admin()).contentType(ContentType.JSON)
                .body("{\"title\":\"" + "t".repeat(3_000_000) + "\"}")
                .when().post("/api/experiments").then().statusCode(413);
        // an upload is media-service's to limit
        given().auth().oauth2(StaffTokens.admin()).contentType("video/mp4").body(new byte[3_000_000])
                .when().post("/api/media/experiments/e1/assets").then().statusCode(503);
    }

    @Test
    void redeemsFromOneAddressAreCutOffAtTheLimitWithRetryAfter() {
        String address = "203.0.113." + (1 + (int) (Math.random() * 250));
        int passed = 0;
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 20; i++) {
            var r = given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                    .body("{\"sessionId\":\"s\",\"key\":\"k\"}").when().post("/api/participants/redeem").then().extract();
            if (r.statusCode() == 429) {
                limited++;
                retryAfter = r.header("Retry-After");
                assertEquals("application/problem+json", r.contentType());
            } else {
                assertEquals(503, r.statusCode(), "passed the edge, then found no backend");
                passed++;
            }
        }
        // the test client connects from 127.0.0.1 and the gateway trusts no proxy here: the address it counts is
        // the connection's, whatever X-Forwarded-For claims
        assertEquals(5, passed);
        assertEquals(15, limited);
        assertTrue(Integer.parseInt(retryAfter) >= 1 && Integer.parseInt(retryAfter) <= 3, retryAfter);
    }

    @Test
    void staffCallsAreCountedPerTokenSubject() {
        String token = StaffTokens.experimenter("busy-" + UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).when().get("/api/experiments").then().statusCode(503);
        }
        given().auth().oauth2(token).when().get("/api/experiments").then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(StaffTokens.experimenter("calm-" + UUID.randomUUID())).when().get("/api/experiments")
                .then().statusCode(503);
    }
}
