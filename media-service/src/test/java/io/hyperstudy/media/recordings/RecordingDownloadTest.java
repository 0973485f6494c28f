package io.hyperstudy.media.recordings;

import io.hyperstudy.media.api.FirebaseStorageAssetTest;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RoomStarted;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.LiveKitResource;
import io.hyperstudy.testinfra.LiveKitStandIn;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With egress uploading to the platform's bucket (Firebase Storage; here the Cloud Storage stand-in, and
 * LiveKit's stand-in uploading as its GCP output does), a finished recording's file is served to staff by
 * byte range.
 */
@QuarkusTest
@TestProfile(FirebaseStorageAssetTest.FirebaseStorage.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(LiveKitResource.class)
@WithTestResource(FirestoreResource.class)
class RecordingDownloadTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/webhooks/livekit")
    URI webhook;

    @Test
    void aFinishedRecordingsFileIsServedByByteRangeToStaffOnly() {
        LiveKitStandIn liveKit = LiveKitResource.shared();
        liveKit.webhooks().sendTo(webhook);
        liveKit.uploadsTo(FirebaseStorageAssetTest.STORAGE);
        String room = "room-" + UUID.randomUUID();
        String session = "s-" + UUID.randomUUID();
        KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service", new RoomStarted(room, session, "e1", 1, List.of(),
                System.currentTimeMillis()), Instant.now()));
        Awaitility.await().atMost(WAIT).until(() -> liveKit.rooms().containsKey(room));
        KafkaEvents.send(bootstrap, RecordingsTest.entered(room, session, 0, "call", System.currentTimeMillis(), 1,
                RoomStateChanged.RECORD_COMPOSITE));
        JsonPath active = Awaitility.await().atMost(WAIT).until(() -> catalogue(session), j -> "active".equals(j.get("[0].status")));
        String id = active.getString("[0].id");
        String content = "/api/recordings/" + id + "/files/0/content";
        given().auth().oauth2(StaffTokens.admin()).when().get(content).then().statusCode(404)
                .contentType("application/problem+json");

        KafkaEvents.send(bootstrap, RecordingsTest.entered(room, session, 1, "after", System.currentTimeMillis(), 2,
                RoomStateChanged.RECORD_NONE));
        JsonPath done = Awaitility.await().atMost(WAIT).until(() -> catalogue(session), j -> "complete".equals(j.get("[0].status")));
        String filename = done.getString("[0].files[0].filename");
        assertEquals("recordings/" + session + "/" + room + "/" + id + ".mp4", filename);
        assertTrue(done.getString("[0].files[0].location").startsWith("gs://" + FirebaseStorageAssetTest.BUCKET + "/"));
        long size = done.getLong("[0].files[0].sizeBytes");

        byte[] whole = given().auth().oauth2(StaffTokens.admin()).when().get(content).then().statusCode(200)
                .header("Accept-Ranges", "bytes").contentType("video/mp4").extract().asByteArray();
        assertEquals(size, whole.length);
        byte[] middle = given().auth().oauth2(StaffTokens.admin()).header("Range", "bytes=1000-1999").when().get(content)
                .then().statusCode(206).header("Content-Range", "bytes 1000-1999/" + size).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(whole, 1000, 2000), middle);
        given().auth().oauth2(StaffTokens.admin()).header("Range", "bytes=" + size + "-").when().get(content)
                .then().statusCode(416).header("Content-Range", "bytes */" + size);
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/recordings/" + id + "/files/1/content").then().statusCode(404);

        // a signed link, for a <video> in the researchers' portal: that file only, no token needed
        String url = given().auth().oauth2(StaffTokens.admin()).when().post("/api/recordings/" + id + "/files/0/link")
                .then().statusCode(200).extract().path("url");
        assertTrue(url.startsWith(content + "?expires="), url);
        given().header("Range", "bytes=0-9").when().get(url).then().statusCode(206);
        given().when().get(url.replace("/files/0/", "/files/1/")).then().statusCode(403);
        given().when().get(url.substring(0, url.length() - 2) + "xx").then().statusCode(403)
                .contentType("application/problem+json");
        // an asset's link does not open a recording, nor the other way round
        given().when().get("/api/media/experiments/e1/assets/" + id + "/content" + url.substring(url.indexOf('?')))
                .then().statusCode(403);
        given().auth().oauth2(StaffTokens.token("p", "participant")).when().post("/api/recordings/" + id + "/files/0/link")
                .then().statusCode(403);

        given().when().get(content).then().statusCode(401);
        given().auth().oauth2(StaffTokens.token("p", "participant")).when().get(content).then().statusCode(403);
        liveKit.uploadsTo(null);
    }

    private static JsonPath catalogue(String session) {
        return given().auth().oauth2(StaffTokens.admin()).when().get("/api/recordings?sessionId=" + session)
                .then().statusCode(200).extract().jsonPath();
    }
}
