package io.hyperstudy.experiment.packaged;

import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyString;

/**
 * The packaged experiment-service, run as its own process: the JVM build here (quarkus-run.jar), the native
 * executable where GraalVM/Mandrel built one (mvn -Dnative -pl experiment-service -am verify), so that what
 * native compilation leaves out (reflection on the definition and event records, the Firestore client's gRPC
 * and protobuf classes) shows up as a failing test. On the Firestore emulator, Redis and Kafka: an experiment
 * is created and read back, the participant-pass keys are published, and a call without a token is refused.
 */
@QuarkusIntegrationTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(FirestoreResource.class)
class PackagedExperimentServiceIT {

    @Test
    void thePackagedServiceStoresAnExperimentAndPublishesItsPassKeys() {
        given().when().get("/api/experiments").then().statusCode(401);
        String token = StaffTokens.token("packaged-researcher", "experimenter");
        String id = given().auth().oauth2(token).contentType("application/json")
                .body("{\"title\":\"Packaged\",\"definition\":{\"roles\":[{\"id\":\"p\",\"count\":1}],\"states\":["
                        + "{\"id\":\"hello\",\"focus\":{\"type\":\"text\",\"id\":\"t\",\"text\":\"Hi\",\"continueButton\":true},"
                        + "\"end\":{\"kind\":\"allSubmitted\"}}]}}")
                .when().post("/api/experiments").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token).when().get("/api/experiments/" + id).then().statusCode(200)
                .body("title", equalTo("Packaged"));
        given().when().get("/api/participants/jwks").then().statusCode(200).body("keys[0]", hasKey("n"))
                .body("keys[0].kid", not(emptyString()));
    }
}
