package io.hyperstudy.gateway.webapp;

import io.hyperstudy.testinfra.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The web app as the gateway serves it: Quinoa builds it here and runs its component tests (Vitest,
 * `npm test`) first, so a failing component test fails this build. A join link opens the app (the app
 * routes in the browser), while the API and socket prefixes never fall through to it.
 */
@QuarkusTest
@TestProfile(WebAppTest.Built.class)
@WithTestResource(RedisResource.class)
class WebAppTest {

    public static class Built implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.quinoa", "true", "quarkus.quinoa.run-tests", "true");
        }
    }

    @Test
    void aJoinLinkOpensTheApp() {
        given().when().get("/join/s-123?key=abc&PROLIFIC_PID=p1").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("<div id=\"app\">"));
        given().when().get("/").then().statusCode(200).contentType(containsString("text/html"));
    }

    @Test
    void theApiIsNeverAnsweredWithThePage() {
        // no backend runs here: the gateway answers for the API itself, as problem+json
        given().when().get("/api/unknown").then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/participants/me").then().statusCode(equalTo(503));
    }
}
