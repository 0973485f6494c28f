package io.hyperstudy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.StaffTokens;
import io.restassured.http.ContentType;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;

/** A participant in a room of a new session, reached as a participant would: link, pass, waiting room, match. */
record Joined(String sessionId, String roomId, String waitingPass, String roomPass, String gateway) {
    static final String STAFF = StaffTokens.experimenter("sys");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A session staff opened: its id and the key of its link. */
    record Opened(String sessionId, String key) {
    }

    /** Publishes an experiment with {@code definition} and opens a session of it with {@code settings} (JSON, or null). */
    static Opened open(String gateway, String title, String definition, String settings) {
        String experiment = given().baseUri(gateway).auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body("{\"title\":\"" + title + "\",\"definition\":" + definition + "}")
                .when().post("/api/experiments").then().statusCode(201).extract().path("id");
        given().baseUri(gateway).auth().oauth2(STAFF).when().post("/api/experiments/" + experiment + "/versions")
                .then().statusCode(201);
        String joinPath = given().baseUri(gateway).auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body("{\"experimentId\":\"" + experiment + "\",\"version\":1"
                        + (settings == null ? "" : ",\"settings\":" + settings) + "}")
                .when().post("/api/sessions").then().statusCode(201).extract().path("joinPath");
        return new Opened(joinPath.substring("/join/".length(), joinPath.indexOf('?')),
                joinPath.substring(joinPath.indexOf("key=") + 4));
    }

    /** Publishes an experiment of one-participant rooms with {@code definition}, opens a session and joins it. */
    static Joined join(String definition) throws Exception {
        String gateway = Platform.get().url(Service.GATEWAY);
        Opened opened = open(gateway, "System study", definition, null);
        String session = opened.sessionId();
        String key = opened.key();
        String waitingPass = given().baseUri(gateway).contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + session + "\",\"key\":\"" + key + "\",\"params\":{\"PROLIFIC_PID\":\"sys-1\"}}")
                .when().post("/api/participants/redeem").then().statusCode(200).extract().path("pass.token");
        AtomicReference<JsonNode> matched = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode status = JSON.readTree(given().baseUri(gateway).auth().oauth2(waitingPass)
                    .when().post("/api/participants/me/heartbeat").then().statusCode(200).extract().asString());
            matched.set(status);
            return status.path("status").asText().equals("inRoom");
        });
        return new Joined(session, matched.get().path("room").path("roomId").asText(), waitingPass,
                matched.get().path("pass").path("token").asText(), gateway);
    }
}
