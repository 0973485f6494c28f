package io.hyperstudy.experiment.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import static io.restassured.RestAssured.given;

/** Test helpers: the full example definition and calls that set up experiments. */
final class Experiments {
    static final ObjectMapper JSON = new ObjectMapper();

    private Experiments() {
    }

    /** A fresh copy of {@code definitions/full.json}: every component type, valid and publishable. */
    static ObjectNode fullDefinition() {
        try (InputStream in = Experiments.class.getResourceAsStream("/definitions/full.json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode body(String title, ObjectNode definition) {
        ObjectNode body = JSON.createObjectNode().put("title", title).put("description", "made by a test");
        if (definition != null) {
            body.set("definition", definition);
        }
        return body;
    }

    static String create(String token, String title, ObjectNode definition) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body(title, definition).toString())
                .when().post("/api/experiments")
                .then().statusCode(201).extract().path("id");
    }

    static void share(String ownerToken, String id, String user, String access) {
        given().auth().oauth2(ownerToken).contentType(ContentType.JSON).body("{\"access\":\"" + access + "\"}")
                .when().put("/api/experiments/" + id + "/collaborators/" + user)
                .then().statusCode(200);
    }
}
