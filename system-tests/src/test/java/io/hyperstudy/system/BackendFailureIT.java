package io.hyperstudy.system;

import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.StaffTokens;
import io.hyperstudy.testinfra.WebSocketProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A stopped or frozen backend gives a prompt problem+json at the gateway, never a hang. */
class BackendFailureIT {

    @Test
    void aStoppedBackendIsA503AndComesBack() {
        Platform platform = Platform.get();
        String gateway = platform.url(Service.GATEWAY);
        String admin = StaffTokens.admin();
        platform.stop(Service.MEDIA);
        try {
            given().baseUri(gateway).auth().oauth2(admin).header("X-Request-Id", "down-1")
                    .when().get("/api/media/experiments/x/assets")
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5").header("X-Request-Id", "down-1")
                    .body("status", equalTo(503)).body("requestId", equalTo("down-1"))
                    .time(lessThan(3000L));
            given().baseUri(platform.managementUrl(Service.GATEWAY)).when().get("/q/health/ready")
                    .then().statusCode(200)
                    .body("checks.find { it.name == 'backends' }.data.'media-service'", equalTo("unreachable"));
            // the other services are unaffected
            given().baseUri(gateway).auth().oauth2(admin).when().get("/api/experiments").then().statusCode(200);
        } finally {
            platform.start(Service.MEDIA);
            platform.awaitReady(Service.MEDIA);
        }
        given().baseUri(gateway).auth().oauth2(admin).when().get("/api/media/experiments/x/assets")
                .then().statusCode(200);
    }

    @Test
    void aFrozenBackendIsA504AfterTheReadTimeout() {
        Platform platform = Platform.get();
        String gateway = platform.url(Service.GATEWAY);
        String token = StaffTokens.admin();
        given().baseUri(gateway).auth().oauth2(token).when().get("/api/sync/rooms/r/timeline")
                .then().statusCode(200);
        platform.freeze(Service.SYNC);
        try {
            long limit = Platform.GATEWAY_READ_TIMEOUT.toMillis() + 3000;
            given().baseUri(gateway).auth().oauth2(token).when().get("/api/sync/rooms/r/timeline")
                    .then().statusCode(504).contentType("application/problem+json")
                    .body("status", equalTo(504)).time(lessThan(limit));
        } finally {
            platform.thaw(Service.SYNC);
        }
        given().baseUri(gateway).auth().oauth2(token).when().get("/api/sync/rooms/r/timeline")
                .then().statusCode(200);
    }

    @Test
    void aWebSocketToAStoppedBackendIsRefusedWith503() {
        Platform platform = Platform.get();
        platform.stop(Service.SYNC);
        try {
            assertEquals(503, WebSocketProbe.refusedStatus(platform.gatewayWs("/ws/rooms/r"),
                    Map.of("Authorization", "Bearer " + StaffTokens.experimenter("erin"))));
        } finally {
            platform.start(Service.SYNC);
            platform.awaitReady(Service.SYNC);
        }
    }
}
