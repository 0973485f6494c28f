package io.hyperstudy.system;

import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.StaffTokens;
import io.restassured.http.ContentType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.restassured.RestAssured.given;

/** experiment-service publishes through the broker; media-service consumes. */
class CrossServiceEventsIT {

    @Test
    void deletingAnExperimentRemovesItsMediaInAnotherService() throws Exception {
        Platform platform = Platform.get();
        String gateway = platform.url(Service.GATEWAY);
        String token = StaffTokens.experimenter("erin");
        String id = given().baseUri(gateway).auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"title\":\"With media\"}").when().post("/api/experiments")
                .then().statusCode(201).extract().path("id");
        Path assets = Files.createDirectories(platform.mediaDir().resolve("experiments").resolve(id));
        Files.writeString(assets.resolve("intro.mp4"), "bytes");

        given().baseUri(gateway).auth().oauth2(token).when().delete("/api/experiments/" + id)
                .then().statusCode(204);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(assets));
    }
}
