package io.hyperstudy.media.packaged;

import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.LiveKitResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * The packaged media-service, run as its own process: the JVM build here (quarkus-run.jar), the native
 * executable where GraalVM/Mandrel built one (mvn -Dnative -pl media-service -am verify), so that what native
 * compilation leaves out (the LiveKit SDK's OkHttp and protobuf classes, the Firebase and Cloud Storage
 * clients, the problem+json records) shows up as a failing test. It starts on the Firestore emulator, Kafka and
 * the LiveKit stand-in, refuses calls without a token as problem+json, and checks LiveKit's webhook signature.
 */
@QuarkusIntegrationTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(LiveKitResource.class)
class PackagedMediaServiceIT {

    @Test
    void thePackagedServiceRefusesWhatItMustRefuse() {
        given().when().get("/api/media/experiments/e-1/assets").then().statusCode(401);
        given().when().post("/api/media/rooms/r-1/token").then().statusCode(401);
        // a webhook without LiveKit's signature changes nothing and says why
        given().contentType("application/webhook+json").body("{\"event\":\"egress_ended\"}")
                .when().post("/webhooks/livekit").then().statusCode(401)
                .contentType(containsString("application/problem+json"));
    }
}
