package io.hyperstudy.media.recordings;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RoomStarted;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.LiveKitResource;
import io.hyperstudy.testinfra.LiveKitStandIn;
import io.hyperstudy.testinfra.LiveKitWebhooks;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import livekit.LivekitEgress;
import livekit.LivekitWebhook;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * {@code /webhooks/livekit} takes only what LiveKit signed: a body altered after signing, a missing or
 * malformed signature, one made with another secret or key, or an expired one is refused with 401 and
 * changes nothing in the catalogue; the genuine report is taken.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(LiveKitResource.class)
@WithTestResource(FirestoreResource.class)
class WebhookSignatureTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void tamperedUnsignedOrForeignWebhooksAreRefusedAndChangeNothing() {
        String room = "room-" + UUID.randomUUID();
        String session = "s-" + UUID.randomUUID();
        // a recording that exists, not yet begun (LiveKit's reports are not sent anywhere in this test)
        LiveKitStandIn liveKit = LiveKitResource.shared();
        liveKit.webhooks().sendTo(null);
        KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service",
                new RoomStarted(room, session, "e1", 1, List.of(), System.currentTimeMillis()),
                Instant.now()));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> liveKit.rooms().containsKey(room));
        KafkaEvents.send(bootstrap, RecordingsTest.entered(room, session, 0, "call", System.currentTimeMillis(), 1,
                RoomStateChanged.RECORD_COMPOSITE));
        String egressId = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> egressOf(session), id -> id != null);

        String genuine = LiveKitWebhooks.json(report(egressId, room, LivekitEgress.EgressStatus.EGRESS_COMPLETE));
        String forged = genuine.replace("EGRESS_COMPLETE", "EGRESS_FAILED");
        String signature = LiveKitWebhooks.token(LiveKitStandIn.API_KEY, LiveKitStandIn.API_SECRET, genuine);

        post(forged, signature).then().statusCode(401).contentType("application/problem+json");
        post(genuine, null).then().statusCode(401);
        post(genuine, "Bearer " + signature).then().statusCode(401);
        post(genuine, signature.substring(0, signature.length() - 4) + "AAAA").then().statusCode(401);
        post(genuine, LiveKitWebhooks.token(LiveKitStandIn.API_KEY, "another-secret-that-is-also-long-enough", genuine))
                .then().statusCode(401);
        post(genuine, LiveKitWebhooks.token("another-key", LiveKitStandIn.API_SECRET, genuine)).then().statusCode(401);
        post(genuine, JWT.create().withIssuer(LiveKitStandIn.API_KEY)
                .withExpiresAt(Instant.now().minusSeconds(60))
                .withClaim("sha256", sha256(genuine)).sign(Algorithm.HMAC256(LiveKitStandIn.API_SECRET)))
                .then().statusCode(401);
        // what LiveKit itself says may have come in meanwhile (the reconciliation asks it), but nothing forged did
        catalogue(session).body("[0].status", not(anyOf(equalTo("complete"), equalTo("failed"))));

        // an oversized body is refused before anything is verified or read further
        String huge = genuine + " ".repeat(2 << 20);
        post(huge, LiveKitWebhooks.token(LiveKitStandIn.API_KEY, LiveKitStandIn.API_SECRET, huge)).then().statusCode(413)
                .contentType("application/problem+json");
        post(genuine, signature).then().statusCode(204);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("hyperstudy_livekit_webhooks_total{outcome=\"refused\"}"));
        catalogue(session).body("[0].status", equalTo("complete"));
        // a signed report of an egress that is not ours is taken and ignored
        String foreign = LiveKitWebhooks.json(report("EG_not_ours", "elsewhere", LivekitEgress.EgressStatus.EGRESS_COMPLETE));
        post(foreign, LiveKitWebhooks.token(LiveKitStandIn.API_KEY, LiveKitStandIn.API_SECRET, foreign)).then().statusCode(204);
        liveKit.webhooks().sendTo(null);
    }

    private static LivekitWebhook.WebhookEvent report(String egressId, String room, LivekitEgress.EgressStatus status) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return LivekitWebhook.WebhookEvent.newBuilder().setEvent("egress_ended").setId("EV_test")
                .setCreatedAt(now / 1_000_000_000L)
                .setEgressInfo(LivekitEgress.EgressInfo.newBuilder().setEgressId(egressId).setRoomName(room)
                        .setStatus(status).setStartedAt(now - 5_000_000_000L).setEndedAt(now)
                        .addFileResults(LivekitEgress.FileInfo.newBuilder().setFilename("x.mp4").setLocation("x.mp4")
                                .setSize(1000).setDuration(5_000_000_000L)))
                .build();
    }

    private static Response post(String body, String authorization) {
        // bytes, as sent: the signature covers the exact body, which a client re-encoding a string would change
        var request = given().contentType(LiveKitWebhooks.CONTENT_TYPE).body(body.getBytes(StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.when().post("/webhooks/livekit");
    }

    private static ValidatableResponse catalogue(String session) {
        return given().auth().oauth2(StaffTokens.admin()).when().get("/api/recordings?sessionId=" + session).then().statusCode(200);
    }

    private static String egressOf(String session) {
        return given().auth().oauth2(StaffTokens.admin()).when().get("/api/recordings?sessionId=" + session)
                .then().extract().jsonPath().getString("[0].egressId");
    }

    private static String sha256(String body) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
