package io.hyperstudy.experiment.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.hyperstudy.experiment.api.Experiments.fullDefinition;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * Each kind of mistake in a definition is refused with problem+json naming the field path, and the
 * refused edit changes nothing.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class DefinitionValidationTest {
    static final String TOKEN = StaffTokens.experimenter("vera");

    static Stream<Arguments> mistakes() {
        return Stream.of(
                mistake("a role id used twice", d -> role(d, 1).put("id", "viewer"),
                        "definition.roles[1].id", "duplicates"),
                mistake("a role without participants", d -> role(d, 0).put("count", 0),
                        "definition.roles[0].count", "between 1 and"),
                mistake("a state without a focus", d -> state(d, 0).remove("focus"),
                        "definition.states[0].focus", "is required"),
                mistake("a state for an unknown role", d -> state(d, 2).set("roles", array("ghost")),
                        "definition.states[2].roles[0]", "names no role"),
                mistake("an unknown component type", d -> focus(d, 1).put("type", "hologram"),
                        "definition.states[1].focus.type", "not a known type: hologram"),
                mistake("a component without a type", d -> focus(d, 1).remove("type"),
                        "definition.states[1].focus.type", "is required"),
                mistake("a video without media", d -> focus(d, 1).remove("mediaId"),
                        "definition.states[1].focus.mediaId", "is required"),
                mistake("a clip that ends before it starts", d -> focus(d, 1).put("endSeconds", 2),
                        "definition.states[1].focus.endSeconds", "after startSeconds"),
                mistake("a continuous rating sampled too fast", d -> global(d, 1, 0).put("sampleRateHz", 500),
                        "definition.states[1].globals[0].sampleRateHz", "at most 60"),
                mistake("a discrete step that does not divide the range", d -> focus(d, 3).put("step", 0.7),
                        "definition.states[3].focus.step", "whole steps"),
                mistake("a rating whose max is below its min", d -> focus(d, 3).put("max", 0),
                        "definition.states[3].focus.max", "greater than min"),
                mistake("a multiple-choice question with one option", d -> question(d, 0).set("options", array("yes")),
                        "definition.states[4].focus.questions[0].options", "at least two"),
                mistake("a Likert scale with 20 points", d -> question(d, 1).put("points", 20),
                        "definition.states[4].focus.questions[1].points", "between 3 and 11"),
                mistake("a question id used twice", d -> question(d, 2).put("id", "seen"),
                        "definition.states[4].focus.questions[2].id", "duplicates"),
                mistake("a timer without a duration", d -> ((ObjectNode) state(d, 1).get("end")).remove("seconds"),
                        "definition.states[1].end.seconds", "required for a timer"),
                mistake("a pause without a grace period",
                        d -> ((ObjectNode) state(d, 1).get("dropout")).remove("graceSeconds"),
                        "definition.states[1].dropout.graceSeconds", "is required"),
                mistake("waiting for submissions of an image",
                        d -> ((ObjectNode) state(d, 2).get("end")).put("kind", "allSubmitted"),
                        "definition.states[2].end.kind", "never submitted"),
                mistake("an unknown way to end", d -> ((ObjectNode) state(d, 5).get("end")).put("kind", "whenever"),
                        "definition.states[5].end.kind", "must be one of timer, allSubmitted, experimenter"),
                mistake("recording a state without a call", d -> state(d, 2).put("recording", "tracks"),
                        "definition.states[2].recording", "needs a call"),
                mistake("a state id that is not an id", d -> state(d, 0).put("id", "1st state"),
                        "definition.states[0].id", "must start with a letter"),
                mistake("a state id used twice", d -> state(d, 3).put("id", "welcome"),
                        "definition.states[3].id", "duplicates"),
                mistake("a global that changes type between states", d -> ((ArrayNode) state(d, 3).get("globals")).set(0, Experiments.JSON.createObjectNode()
                                .put("type", "chat").put("id", "room-call")),
                        "definition.states[3].globals[0].id", "keeps its type"),
                mistake("a number given as text", d -> focus(d, 1).put("startSeconds", "soon"),
                        "definition.states[1].focus.startSeconds", "expected a number"),
                mistake("a misspelt field", d -> state(d, 0).put("foucs", "x"),
                        "definition.states[0].foucs", "not a known field"),
                mistake("a consent form with no text", d -> d.putObject("consent").put("acceptLabel", "Yes"),
                        "definition.consent.text", "is required"),
                mistake("a barrier among the globals",
                        d -> ((ArrayNode) state(d, 0).get("globals")).addObject().put("type", "wait").put("id", "w"),
                        "definition.states[0].globals[1].type", "only be a state's focus"),
                mistake("a call with neither audio nor video", d -> global(d, 1, 1).put("audio", false).put("video", false),
                        "definition.states[1].globals[1]", "audio, video or both"),
                mistake("two synced videos in one state",
                        d -> ((ArrayNode) state(d, 1).get("globals")).addObject().put("type", "video").put("id", "v2")
                                .put("mediaId", "asset-9"),
                        "definition.states[1]", "one synced timeline"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void aMistakeIsNamedByItsFieldPathAndChangesNothing(String what, Consumer<ObjectNode> mutate, String field,
                                                          String message) {
        String id = Experiments.create(TOKEN, "Valid", fullDefinition());
        ObjectNode broken = fullDefinition();
        mutate.accept(broken);

        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body(Experiments.body("Edited", broken).toString())
                .when().put("/api/experiments/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("instance", equalTo("/api/experiments/" + id))
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(message));
        given().auth().oauth2(TOKEN).when().get("/api/experiments/" + id)
                .then().statusCode(200).body("revision", equalTo(1)).body("title", equalTo("Valid"));
    }

    @Test
    void theFullExampleIsValidAndReadsBackAsWritten() {
        String id = Experiments.create(TOKEN, "Everything", fullDefinition());
        given().auth().oauth2(TOKEN).when().get("/api/experiments/" + id)
                .then().statusCode(200)
                .body("definition.roles", hasSize(2))
                .body("definition.states", hasSize(7))
                .body("definition.states[1].focus.type", equalTo("video"))
                .body("definition.states[1].focus.startSeconds", equalTo(5.0f))
                .body("definition.states[1].globals[0].scale", equalTo("continuous"))
                .body("definition.states[1].dropout.policy", equalTo("pause"))
                .body("definition.states[1].recording", equalTo("composite"))
                .body("definition.states[4].focus.questions[1].kind", equalTo("likert"))
                .body("definition.states[6].end.kind", equalTo("allSubmitted"))
                .body("definition.consent.acceptLabel", equalTo("I agree"));
    }

    @Test
    void everyMistakeIsReportedAtOnce() {
        ObjectNode broken = fullDefinition();
        role(broken, 0).put("count", 0);
        focus(broken, 1).remove("mediaId");
        question(broken, 1).put("points", 1);
        given().auth().oauth2(TOKEN).contentType(ContentType.JSON)
                .body(Experiments.body("Broken", broken).put("title", "").toString())
                .when().post("/api/experiments")
                .then().statusCode(400)
                .body("errors.field", hasItem("title"))
                .body("errors.field", hasItem("definition.roles[0].count"))
                .body("errors.field", hasItem("definition.states[1].focus.mediaId"))
                .body("errors.field", hasItem("definition.states[4].focus.questions[1].points"));
    }

    private static Arguments mistake(String what, Consumer<ObjectNode> mutate, String field, String message) {
        return Arguments.of(what, mutate, field, message);
    }

    private static ObjectNode role(ObjectNode d, int i) {
        return (ObjectNode) d.get("roles").get(i);
    }

    private static ObjectNode state(ObjectNode d, int i) {
        return (ObjectNode) d.get("states").get(i);
    }

    private static ObjectNode focus(ObjectNode d, int state) {
        return (ObjectNode) state(d, state).get("focus");
    }

    private static ObjectNode global(ObjectNode d, int state, int i) {
        return (ObjectNode) state(d, state).get("globals").get(i);
    }

    private static ObjectNode question(ObjectNode d, int i) {
        return (ObjectNode) focus(d, 4).get("questions").get(i);
    }

    private static ArrayNode array(String... values) {
        ArrayNode a = Experiments.JSON.createArrayNode();
        for (String v : values) {
            a.add(v);
        }
        return a;
    }
}
