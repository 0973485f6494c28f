package io.hyperstudy.media.api;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.LiveKitResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LiveKit tokens decode, with LiveKit's own signature check, to the grants and expiry they should
 * carry. (A participant's token, from a real pass, is in system-tests.)
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(LiveKitResource.class)
@WithTestResource(FirestoreResource.class)
class CallTokenResourceTest {

    @ConfigProperty(name = "hyperstudy.livekit.api-secret")
    String secret;

    @ConfigProperty(name = "hyperstudy.livekit.api-key")
    String key;

    @Test
    void anAdminGetsAHiddenSubscribeOnlyObserverTokenForThatRoomOnly() {
        long before = System.currentTimeMillis() / 1000;
        var answer = given().auth().oauth2(StaffTokens.admin()).when().post("/api/media/rooms/room-7/token")
                .then().statusCode(200).body("url", equalTo("ws://livekit.test:7880")).extract();
        DecodedJWT jwt = JWT.require(Algorithm.HMAC256(secret)).withIssuer(key).build().verify(answer.<String>path("token"));
        Map<String, Object> video = jwt.getClaim("video").asMap();
        assertEquals("room-7", video.get("room"));
        assertEquals(true, video.get("roomJoin"));
        assertEquals(true, video.get("hidden"), "observers are invisible to participants");
        assertEquals(true, video.get("canSubscribe"));
        assertEquals(false, video.get("canPublish"));
        assertEquals(false, video.get("canPublishData"));
        assertTrue(jwt.getSubject().startsWith("observer:"));
        long ttl = jwt.getExpiresAt().getTime() / 1000 - before;
        assertTrue(ttl >= 590 && ttl <= 610, "ten minutes, not " + ttl + " s");
    }

    @Test
    void othersAreRefused() {
        given().when().post("/api/media/rooms/room-7/token").then().statusCode(401);
        given().auth().oauth2(StaffTokens.token("v", "visitor")).when().post("/api/media/rooms/room-7/token")
                .then().statusCode(403);
        // a participant token that names no room (not a pass from experiment-service)
        given().auth().oauth2(StaffTokens.token("p", "participant")).when().post("/api/media/rooms/room-7/token")
                .then().statusCode(403).contentType("application/problem+json");
        // whether an experimenter may see the room is experiment-service's to say; here it cannot be asked
        given().auth().oauth2(StaffTokens.experimenter("erin")).when().post("/api/media/rooms/room-7/token")
                .then().statusCode(503);
    }
}
