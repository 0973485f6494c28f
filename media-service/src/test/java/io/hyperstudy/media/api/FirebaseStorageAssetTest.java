package io.hyperstudy.media.api;

import io.hyperstudy.testinfra.CloudStorageStandIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every asset test again, with Firebase Storage as the store: the Google Cloud Storage client of
 * firebase-admin against a stand-in that speaks Cloud Storage's JSON API (resumable uploads, ranged media
 * reads), since no Firebase Storage emulator can run here.
 */
@QuarkusTest
@TestProfile(FirebaseStorageAssetTest.FirebaseStorage.class)
public class FirebaseStorageAssetTest extends AssetResourceTest {
    public static final String BUCKET = "hyperstudy-test.firebasestorage.app";
    public static final CloudStorageStandIn STORAGE = new CloudStorageStandIn(BUCKET);

    public static class FirebaseStorage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hyperstudy.media.storage", "firebase",
                    "hyperstudy.media.bucket", BUCKET,
                    "hyperstudy.media.storage-host", STORAGE.url(),
                    "hyperstudy.livekit.recording-bucket", BUCKET);
        }
    }

    @Test
    void assetsLandInTheBucketUnderTheirExperimentAndReadsAskForTheirRangeOnly() {
        String experiment = "exp-" + UUID.randomUUID();
        String id = upload(experiment, VIDEO, "clip.mp4");
        assertTrue(STORAGE.names().contains("experiments/" + experiment + "/" + id), STORAGE.names().toString());
        given().auth().oauth2(ADMIN).header("Range", "bytes=100-199").when().get(base(experiment) + "/" + id + "/content")
                .then().statusCode(206);
        assertTrue(STORAGE.requests().stream().anyMatch(r -> r.contains(id) && r.contains("alt=media")
                && r.contains("Range:bytes=100-199")), "a ranged read of the object: " + STORAGE.requests());
    }
}
