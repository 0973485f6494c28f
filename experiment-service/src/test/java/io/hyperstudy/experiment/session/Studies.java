package io.hyperstudy.experiment.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperstudy.bots.Behaviour;
import io.hyperstudy.bots.Bot;
import io.restassured.http.ContentType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test helpers: a published experiment, a session of it, and bots that join it. */
final class Studies {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration HEARTBEAT = Duration.ofMillis(250);

    private Studies() {
    }

    record Study(String experimentId, String sessionId, String key) {
    }

    static ObjectNode definition(String resource) {
        try (InputStream in = Studies.class.getResourceAsStream("/definitions/" + resource)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String publishedExperiment(String token, ObjectNode definition) {
        ObjectNode body = JSON.createObjectNode().put("title", "Bot study");
        body.set("definition", definition);
        String id = given().auth().oauth2(token).contentType(ContentType.JSON).body(body.toString())
                .when().post("/api/experiments").then().statusCode(201).extract().path("id");
        given().auth().oauth2(token).when().post("/api/experiments/" + id + "/versions").then().statusCode(201);
        return id;
    }

    static Study session(String token, String experimentId, ObjectNode settings) {
        ObjectNode body = JSON.createObjectNode().put("experimentId", experimentId).put("version", 1);
        body.set("settings", settings);
        var response = given().auth().oauth2(token).contentType(ContentType.JSON).body(body.toString())
                .when().post("/api/sessions").then().statusCode(201).extract();
        String sessionId = response.path("id");
        String joinPath = response.path("joinPath");
        return new Study(experimentId, sessionId, joinPath.substring(joinPath.indexOf("key=") + 4));
    }

    static ObjectNode settings() {
        ObjectNode s = JSON.createObjectNode().put("completionUrl", "https://app.prolific.example/submissions/complete?cc={code}");
        s.putObject("codes").put("completed", "C-OK").put("dropped", "C-DROP").put("timedOut", "C-WAIT")
                .put("ended", "C-END").put("noConsent", "C-NOC");
        return s;
    }

    static Bot bot(URI base, Study study, String label, Behaviour behaviour) {
        return new Bot(base, study.sessionId(), study.key(), Map.of("PROLIFIC_PID", label, "STUDY_ID", "study-9"),
                behaviour, Duration.ofSeconds(60));
    }

    static Behaviour polite() {
        return Behaviour.polite(HEARTBEAT);
    }
}
