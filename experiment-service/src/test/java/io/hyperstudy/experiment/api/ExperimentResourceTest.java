package io.hyperstudy.experiment.api;

import io.hyperstudy.model.events.ExperimentCreated;
import io.hyperstudy.model.events.ExperimentDeleted;
import io.hyperstudy.model.events.Topics;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class ExperimentResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String create(String token, String title) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"title\":\"" + title + "\"}")
                .when().post("/api/experiments")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("title", equalTo(title))
                .extract().path("id");
    }

    @Test
    void anOwnerCreatesReadsListsAndDeletes() {
        String token = StaffTokens.experimenter("erin");
        String id = create(token, "Movie night");

        given().auth().oauth2(token).when().get("/api/experiments/" + id)
                .then().statusCode(200).body("ownerId", equalTo("erin")).body("revision", equalTo(1));
        given().auth().oauth2(token).when().get("/api/experiments")
                .then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(token).when().delete("/api/experiments/" + id).then().statusCode(204);
        given().auth().oauth2(token).when().get("/api/experiments/" + id)
                .then().statusCode(404).contentType("application/problem+json");

        var created = KafkaEvents.await(bootstrap, Topics.EXPERIMENTS,
                r -> r.value().data() instanceof ExperimentCreated c && c.experimentId().equals(id),
                Duration.ofSeconds(30));
        org.junit.jupiter.api.Assertions.assertEquals(id, created.key(), "events are keyed by aggregate id");
        org.junit.jupiter.api.Assertions.assertEquals("io.hyperstudy.experiment.created.v1", created.value().type());
        KafkaEvents.await(bootstrap, Topics.EXPERIMENTS,
                r -> r.value().data() instanceof ExperimentDeleted d && d.experimentId().equals(id),
                Duration.ofSeconds(30));
    }

    @Test
    void anotherExperimenterCannotSeeOrDeleteIt() {
        String id = create(StaffTokens.experimenter("owner-1"), "Private");
        String other = StaffTokens.experimenter("someone-else");

        given().auth().oauth2(other).when().get("/api/experiments/" + id)
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        given().auth().oauth2(other).when().delete("/api/experiments/" + id).then().statusCode(404);
        given().auth().oauth2(other).when().get("/api/experiments")
                .then().statusCode(200).body("id", not(hasItem(id)));
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/experiments/" + id)
                .then().statusCode(200).body("ownerId", equalTo("owner-1"));
    }

    @Test
    void callersWithoutAStaffTokenAreRefused() {
        given().when().get("/api/experiments").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").when().get("/api/experiments").then().statusCode(401);
        given().auth().oauth2(StaffTokens.expired("erin", "experimenter")).when().get("/api/experiments")
                .then().statusCode(401);
        given().auth().oauth2(StaffTokens.forAudience("another-api", "erin", "experimenter"))
                .when().get("/api/experiments").then().statusCode(401);
        given().auth().oauth2(StaffTokens.token("pat", "participant")).when().get("/api/experiments")
                .then().statusCode(403);
        given().auth().oauth2(StaffTokens.token("nobody")).contentType(ContentType.JSON).body("{\"title\":\"x\"}")
                .when().post("/api/experiments").then().statusCode(403);
    }

    @Test
    void invalidBodiesAreProblemsNamingTheField() {
        String token = StaffTokens.experimenter("erin");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"title\":\"  \"}")
                .when().post("/api/experiments")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasSize(1)).body("errors[0].field", equalTo("title"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"title\":\"" + "x".repeat(201) + "\"}")
                .when().post("/api/experiments")
                .then().statusCode(400).body("errors[0].field", equalTo("title"))
                .body("errors[0].message", startsWith("must be at most"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"title\": ")
                .when().post("/api/experiments")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
