package io.hyperstudy.experiment.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperstudy.model.events.ExperimentCreated;
import io.hyperstudy.model.events.ExperimentPublished;
import io.hyperstudy.model.events.ExperimentShared;
import io.hyperstudy.model.events.ExperimentUpdated;
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
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Drafts, revisions, published versions, copies and sharing, with the events each raises. */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class ExperimentVersionsTest {
    static final String TOKEN = StaffTokens.experimenter("pia");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aPublishedVersionIsFrozenWhileTheDraftMovesOn() {
        String id = Experiments.create(TOKEN, "Study", Experiments.fullDefinition());
        given().auth().oauth2(TOKEN).when().post("/api/experiments/" + id + "/versions")
                .then().statusCode(201).header("Location", endsWith("/api/experiments/" + id + "/versions/1"))
                .body("version", equalTo(1)).body("revision", equalTo(1)).body("publishedBy", equalTo("pia"));

        ObjectNode changed = Experiments.fullDefinition();
        ((ObjectNode) changed.get("states").get(0).get("focus")).put("text", "New instructions");
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body(Experiments.body("Study v2", changed).toString())
                .when().put("/api/experiments/" + id)
                .then().statusCode(200).header("ETag", "\"2\"").body("revision", equalTo(2))
                .body("definition.states[0].focus.text", equalTo("New instructions"));

        given().auth().oauth2(TOKEN).when().get("/api/experiments/" + id + "/versions/1")
                .then().statusCode(200).body("title", equalTo("Study"))
                .body("definition.states[0].focus.text", equalTo("Watch the clip together, then rate it."));
        given().auth().oauth2(TOKEN).when().post("/api/experiments/" + id + "/versions")
                .then().statusCode(201).body("version", equalTo(2)).body("revision", equalTo(2));
        given().auth().oauth2(TOKEN).when().get("/api/experiments/" + id + "/versions")
                .then().statusCode(200).body("version", equalTo(List.of(2, 1)))
                .body("[0].definition", nullValue());
        given().auth().oauth2(TOKEN).when().get("/api/experiments/" + id + "/versions/3")
                .then().statusCode(404).contentType("application/problem+json");

        var published = KafkaEvents.await(bootstrap, Topics.EXPERIMENTS,
                r -> r.value().data() instanceof ExperimentPublished p && p.experimentId().equals(id) && p.version() == 1,
                Duration.ofSeconds(30));
        assertEquals(List.of("asset-123", "asset-456"), ((ExperimentPublished) published.value().data()).mediaIds());
        KafkaEvents.await(bootstrap, Topics.EXPERIMENTS,
                r -> r.value().data() instanceof ExperimentUpdated u && u.experimentId().equals(id) && u.revision() == 2,
                Duration.ofSeconds(30));
    }

    @Test
    void publishingAnUnchangedDraftAgainGivesTheSameVersion() {
        String id = Experiments.create(TOKEN, "Twice", Experiments.fullDefinition());
        given().auth().oauth2(TOKEN).when().post("/api/experiments/" + id + "/versions").then().statusCode(201)
                .body("version", equalTo(1));
        given().auth().oauth2(TOKEN).when().post("/api/experiments/" + id + "/versions").then().statusCode(201)
                .body("version", equalTo(1));
        given().auth().oauth2(TOKEN).when().get("/api/experiments/" + id + "/versions").then().body("$", hasSize(1));
    }

    @Test
    void anIncompleteDraftIsSavedButNotPublished() {
        String id = Experiments.create(TOKEN, "Empty so far", null);
        given().auth().oauth2(TOKEN).when().get("/api/experiments/" + id).then().statusCode(200)
                .body("definition.states", hasSize(0));
        given().auth().oauth2(TOKEN).when().post("/api/experiments/" + id + "/versions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("definition.roles"))
                .body("errors.field", hasItem("definition.states"));
        given().auth().oauth2(TOKEN).when().get("/api/experiments/" + id).then().body("latestVersion", equalTo(0));
    }

    @Test
    void anEditBasedOnAStaleRevisionIsRefused() {
        String id = Experiments.create(TOKEN, "Contended", Experiments.fullDefinition());
        String etag = given().auth().oauth2(TOKEN).when().get("/api/experiments/" + id)
                .then().statusCode(200).extract().header("ETag");
        assertEquals("\"1\"", etag);
        String edit = Experiments.body("First writer", Experiments.fullDefinition()).toString();
        given().auth().oauth2(TOKEN).header("If-Match", etag).contentType(ContentType.JSON).body(edit)
                .when().put("/api/experiments/" + id).then().statusCode(200).body("revision", equalTo(2));
        given().auth().oauth2(TOKEN).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Experiments.body("Second writer", Experiments.fullDefinition()).toString())
                .when().put("/api/experiments/" + id)
                .then().statusCode(412).contentType("application/problem+json");
        given().auth().oauth2(TOKEN).when().get("/api/experiments/" + id).then().body("title", equalTo("First writer"));
    }

    @Test
    void aCopyBelongsToWhoeverMadeItAndStartsUnpublished() {
        String id = Experiments.create(TOKEN, "Original", Experiments.fullDefinition());
        Experiments.share(TOKEN, id, "quinn", "viewer");
        given().auth().oauth2(TOKEN).when().post("/api/experiments/" + id + "/versions").then().statusCode(201);
        String quinn = StaffTokens.experimenter("quinn");
        String copy = given().auth().oauth2(quinn).when().post("/api/experiments/" + id + "/duplicate")
                .then().statusCode(201)
                .body("ownerId", equalTo("quinn")).body("title", equalTo("Original (copy)"))
                .body("duplicatedFrom", equalTo(id)).body("latestVersion", equalTo(0))
                .body("collaborators.size()", equalTo(0)).body("access", equalTo("owner"))
                .body("definition.states", hasSize(7))
                .extract().path("id");
        given().auth().oauth2(quinn).contentType(ContentType.JSON)
                .body(Experiments.body("Mine now", Experiments.fullDefinition()).toString())
                .when().put("/api/experiments/" + copy).then().statusCode(200);
        given().auth().oauth2(TOKEN).when().get("/api/experiments/" + copy).then().statusCode(404);
        KafkaEvents.await(bootstrap, Topics.EXPERIMENTS,
                r -> r.value().data() instanceof ExperimentCreated c && c.experimentId().equals(copy)
                        && id.equals(c.duplicatedFrom()),
                Duration.ofSeconds(30));
    }

    @Test
    void sharingIsGrantedChangedAndRevoked() {
        String id = Experiments.create(TOKEN, "Team study", null);
        String rae = StaffTokens.experimenter("rae");
        given().auth().oauth2(rae).when().get("/api/experiments/" + id).then().statusCode(404);
        Experiments.share(TOKEN, id, "rae", "viewer");
        given().auth().oauth2(rae).when().get("/api/experiments/" + id).then().statusCode(200)
                .body("access", equalTo("viewer"));
        Experiments.share(TOKEN, id, "rae", "editor");
        given().auth().oauth2(rae).when().get("/api/experiments").then()
                .body("find { it.id == '" + id + "' }.access", equalTo("editor"));
        given().auth().oauth2(TOKEN).when().delete("/api/experiments/" + id + "/collaborators/rae")
                .then().statusCode(204);
        given().auth().oauth2(rae).when().get("/api/experiments/" + id).then().statusCode(404);

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"access\":\"owner\"}")
                .when().put("/api/experiments/" + id + "/collaborators/rae")
                .then().statusCode(400).body("errors[0].field", equalTo("access"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"access\":\"boss\"}")
                .when().put("/api/experiments/" + id + "/collaborators/rae")
                .then().statusCode(400).body("errors[0].field", equalTo("access"));
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON).body("{\"access\":\"viewer\"}")
                .when().put("/api/experiments/" + id + "/collaborators/pia")
                .then().statusCode(409);

        var shared = KafkaEvents.collect(bootstrap, Topics.EXPERIMENTS,
                r -> r.value().data() instanceof ExperimentShared s && s.experimentId().equals(id),
                Duration.ofSeconds(5));
        assertEquals(List.of("viewer", "editor", "null"), shared.stream()
                .map(r -> String.valueOf(((ExperimentShared) r.value().data()).access())).toList(),
                "grant, change and revoke, in order");
    }
}
