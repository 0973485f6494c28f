package io.hyperstudy.system;

import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.StaffTokens;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/** Requests through the gateway reach each service and come back with the same request id. */
class GatewayRoutingIT {
    static Platform platform;
    static String gateway;

    @BeforeAll
    static void platform() {
        platform = Platform.get();
        gateway = platform.url(Service.GATEWAY);
    }

    @Test
    void eachServiceAnswersThroughTheGatewayWithTheCallersRequestId() {
        String token = StaffTokens.experimenter("erin");
        given().baseUri(gateway).auth().oauth2(token).header("X-Request-Id", "req-exp-1")
                .contentType(ContentType.JSON).body("{\"title\":\"Through the gateway\"}")
                .when().post("/api/experiments")
                .then().statusCode(201).header("X-Request-Id", "req-exp-1")
                .body("ownerId", equalTo("erin"));
        given().baseUri(gateway).auth().oauth2(StaffTokens.admin()).header("X-Request-Id", "req-sync-1")
                .when().get("/api/sync/rooms/lobby/timeline")
                .then().statusCode(200).header("X-Request-Id", "req-sync-1").body("state", equalTo("paused"));
        given().baseUri(gateway).auth().oauth2(StaffTokens.admin()).header("X-Request-Id", "req-media-1")
                .when().get("/api/media/experiments/nothing-here/assets")
                .then().statusCode(200).header("X-Request-Id", "req-media-1");
    }

    @Test
    void aRequestIdIsAddedWhenAbsentAndReachesTheBackend() {
        // the backend's problem document echoes the id it received, proving the gateway forwarded it
        String id = given().baseUri(gateway).auth().oauth2(StaffTokens.experimenter("erin"))
                .when().get("/api/experiments/no-such-experiment")
                .then().statusCode(404).contentType("application/problem+json")
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .extract().header("X-Request-Id");
        given().baseUri(gateway).auth().oauth2(StaffTokens.experimenter("erin"))
                .when().get("/api/experiments/no-such-experiment")
                .then().statusCode(404).body("requestId", matchesPattern("[0-9a-f-]{36}"))
                .body("requestId", org.hamcrest.Matchers.not(equalTo(id)));
        given().baseUri(gateway).auth().oauth2(StaffTokens.experimenter("erin")).header("X-Request-Id", "mine-42")
                .when().get("/api/experiments/no-such-experiment")
                .then().statusCode(404).body("requestId", equalTo("mine-42"));
    }

    @Test
    void aTokenInTheUrlOpensNothing() {
        // tokens travel in headers or the WebSocket sub-protocol only: a URL would leak them to logs and history
        String token = StaffTokens.admin();
        for (String name : new String[] {"access_token", "token", "jwt"}) {
            given().baseUri(gateway).queryParam(name, token).when().get("/api/experiments").then().statusCode(401);
            given().baseUri(gateway).queryParam(name, token).when().get("/api/sync/rooms/r1/timeline").then()
                    .statusCode(401);
            given().baseUri(gateway).queryParam(name, token).when().get("/api/media/experiments/e1/assets").then()
                    .statusCode(401);
        }
        org.junit.jupiter.api.Assertions.assertEquals(401, io.hyperstudy.testinfra.WebSocketProbe.refusedStatus(
                platform.gatewayWs("/ws/rooms/r1?access_token=" + token), java.util.Map.of()));
    }

    @Test
    void backendsStillDecideWhoMayCall() {
        given().baseUri(gateway).when().get("/api/experiments").then().statusCode(401);
        given().baseUri(gateway).auth().oauth2(StaffTokens.token("pat", "participant"))
                .when().get("/api/experiments").then().statusCode(403);
        given().baseUri(gateway).auth().oauth2(StaffTokens.token("v", "visitor"))
                .when().get("/api/media/experiments/x/assets").then().statusCode(403);
        // an experiment the caller cannot see, as experiment-service tells media-service
        given().baseUri(gateway).auth().oauth2(StaffTokens.experimenter("erin"))
                .when().get("/api/media/experiments/x/assets").then().statusCode(404);
    }

    @Test
    void absoluteUrlsNameThePublicOriginNotABackend() throws Exception {
        String token = StaffTokens.experimenter("origin");
        String location = given().baseUri(gateway).auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"title\":\"Where am I\"}").when().post("/api/experiments")
                .then().statusCode(201).extract().header("Location");
        org.junit.jupiter.api.Assertions.assertTrue(location.startsWith(gateway + "/api/experiments/"), location);
        String experiment = location.substring(location.lastIndexOf('/') + 1);
        String asset = given().baseUri(gateway).auth().oauth2(token).header("X-Asset-Name", "clip.mp4")
                .contentType("video/mp4").body(MediaAssetIT.mp4(5_000).readAllBytes()).when()
                .post("/api/media/experiments/" + experiment + "/assets").then().statusCode(201)
                .extract().header("Location");
        org.junit.jupiter.api.Assertions.assertTrue(asset.startsWith(gateway + "/api/media/experiments/" + experiment),
                asset);
        // behind an ingress, the origin the client used is the one named
        String proxied = given().baseUri(gateway).auth().oauth2(token).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "study.example.org").contentType(ContentType.JSON)
                .body("{\"title\":\"Behind the ingress\"}").when().post("/api/experiments")
                .then().statusCode(201).extract().header("Location");
        org.junit.jupiter.api.Assertions.assertTrue(proxied.startsWith("https://study.example.org/api/experiments/"),
                proxied);
    }

    @Test
    void unroutedPathsAreProblems() {
        given().baseUri(gateway).when().get("/api/nothing")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void theGatewayReportsItsBackendsInReadiness() {
        given().baseUri(platform.managementUrl(Service.GATEWAY)).when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'backends' }.data.'experiment-service'", equalTo("reachable"))
                .body("checks.find { it.name == 'backends' }.data.'sync-service'", equalTo("reachable"))
                .body("checks.find { it.name == 'backends' }.data.'media-service'", equalTo("reachable"));
    }
}
