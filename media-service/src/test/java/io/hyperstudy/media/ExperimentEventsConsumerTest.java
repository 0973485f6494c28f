package io.hyperstudy.media;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.ExperimentDeleted;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(KafkaResource.class)
class ExperimentEventsConsumerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "hyperstudy.media.storage-dir")
    Path storage;

    @Test
    void aDeletedExperimentsAssetsAreRemovedAndOthersKept() throws Exception {
        String gone = "exp-" + UUID.randomUUID();
        String kept = "exp-" + UUID.randomUUID();
        for (String id : new String[] {gone, kept}) {
            Path dir = Files.createDirectories(storage.resolve("experiments").resolve(id));
            Files.writeString(dir.resolve("clip.mp4"), "not really a video");
        }
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/media/experiments/" + gone + "/assets")
                .then().statusCode(200).body("", hasSize(1)).body("[0].name", equalTo("clip.mp4"));

        KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service", new ExperimentDeleted(gone, "erin"),
                Instant.now()));

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> !Files.exists(storage.resolve("experiments").resolve(gone)));
        assertTrue(Files.exists(storage.resolve("experiments").resolve(kept).resolve("clip.mp4")));
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/media/experiments/" + gone + "/assets")
                .then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void assetListsAreForAdminsAndRefuseUnsafeIds() {
        given().when().get("/api/media/experiments/e1/assets").then().statusCode(401);
        given().auth().oauth2(StaffTokens.experimenter("erin")).when().get("/api/media/experiments/e1/assets")
                .then().statusCode(403);
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/media/experiments/a.b/assets")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
