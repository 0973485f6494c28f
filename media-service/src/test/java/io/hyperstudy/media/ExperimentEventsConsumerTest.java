package io.hyperstudy.media;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.ExperimentDeleted;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.LiveKitResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(LiveKitResource.class)
@WithTestResource(FirestoreResource.class)
class ExperimentEventsConsumerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "hyperstudy.media.storage-dir")
    Path storage;

    private static void upload(String experiment) {
        given().auth().oauth2(StaffTokens.admin()).header("X-Asset-Name", "clip.mp4")
                .body(new byte[] {0, 0, 0, 16, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0})
                .when().post("/api/media/experiments/" + experiment + "/assets").then().statusCode(201);
    }

    @Test
    void aDeletedExperimentsAssetsAreRemovedAndOthersKept() {
        String gone = "exp-" + UUID.randomUUID();
        String kept = "exp-" + UUID.randomUUID();
        upload(gone);
        upload(kept);
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/media/experiments/" + gone + "/assets")
                .then().statusCode(200).body("", hasSize(1)).body("[0].name", equalTo("clip.mp4"));

        KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service", new ExperimentDeleted(gone, "erin"),
                Instant.now()));

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> !Files.exists(storage.resolve("experiments").resolve(gone)));
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/media/experiments/" + gone + "/assets")
                .then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/media/experiments/" + kept + "/assets")
                .then().statusCode(200).body("", hasSize(1));
    }

    @Test
    void anIdThatCouldClimbOutOfTheStoreNamesNothing() {
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/media/experiments/a.b/assets")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/media/experiments/e1/assets/..%2F..%2Fetc/content")
                .then().statusCode(404);
    }
}
