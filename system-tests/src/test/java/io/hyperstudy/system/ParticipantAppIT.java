package io.hyperstudy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.system.Platform.Service;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The participant app served by the gateway, in headless Chromium (src/test/browser/participant-journey.mjs):
 * a bad link, a closed session, the waiting room and a reload in it, another browser with the same recruitment
 * id, two participants matched who read the state's text (sanitised Markdown) on the room socket and continue,
 * one of them reloading mid-state, until both finish with their code, and leaving with the outcome's code and the
 * way back to the study site; axe-core
 * on every screen, screenshots at 1280 and 360 px under target/infra/browser. Then the session holds exactly the
 * participants the pages were: a reload made nobody new, and the refused ones made nobody at all.
 */
class ParticipantAppIT {
    static final String DEFINITION = """
            {"roles":[{"id":"p","count":2}],
             "states":[{"id":"hello","title":"Welcome","focus":{"type":"text","id":"read",
                          "text":"**Hello** and thank you for joining.<script>window.pwned=1</script>","continueButton":true},
                        "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}},
                       {"id":"view","title":"Your view",
                        "focus":{"type":"questionnaire","id":"q","questions":[
                          {"id":"liked","kind":"multipleChoice","prompt":"Did you like it?","options":["yes","no"],"required":true},
                          {"id":"agree","kind":"likert","prompt":"I would do it again","points":5},
                          {"id":"why","kind":"freeText","prompt":"Why?"}]},
                        "globals":[{"type":"rating","id":"mood","prompt":"How do you feel?","scale":"discrete",
                                    "min":1,"max":7,"step":1,"labels":["bad","good"]}],
                        "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}}]}""";

    @Test
    void aParticipantJoinsWaitsReloadsIsMatchedOrLeavesWithTheirCode() throws Exception {
        String gateway = Platform.get().url(Service.GATEWAY);
        String experiment = given().baseUri(gateway).auth().oauth2(Joined.STAFF).contentType(ContentType.JSON)
                .body("{\"title\":\"Participant app\",\"definition\":" + DEFINITION + "}")
                .when().post("/api/experiments").then().statusCode(201).extract().path("id");
        given().baseUri(gateway).auth().oauth2(Joined.STAFF).when().post("/api/experiments/" + experiment + "/versions")
                .then().statusCode(201);
        String settings = "{\"completionUrl\":\"" + gateway + "/finished?cc={code}\",\"codes\":{\"noConsent\":\"C-NOPE\",\"completed\":\"C-DONE\"}}";
        var pair = given().baseUri(gateway).auth().oauth2(Joined.STAFF).contentType(ContentType.JSON)
                .body("{\"experimentId\":\"" + experiment + "\",\"version\":1,\"settings\":" + settings + "}")
                .when().post("/api/sessions").then().statusCode(201).extract();
        var closed = given().baseUri(gateway).auth().oauth2(Joined.STAFF).contentType(ContentType.JSON)
                .body("{\"experimentId\":\"" + experiment + "\",\"version\":1}")
                .when().post("/api/sessions").then().statusCode(201).extract();
        given().baseUri(gateway).auth().oauth2(Joined.STAFF).when()
                .post("/api/sessions/" + closed.path("id") + "/close").then().statusCode(200);

        BrowserScript.run("participant-journey.mjs", Map.of("GATEWAY_URL", gateway,
                "JOIN_PAIR", pair.path("joinPath"), "JOIN_CLOSED", closed.path("joinPath")));

        JsonNode participants = new ObjectMapper().readTree(given().baseUri(gateway).auth().oauth2(Joined.STAFF)
                .when().get("/api/sessions/" + pair.path("id") + "/participants").then().statusCode(200)
                .extract().asString());
        List<String> labels = new ArrayList<>();
        for (JsonNode p : participants.isArray() ? participants : participants.path("items")) {
            labels.add(p.path("label").asText());
        }
        labels.sort(null);
        assertEquals(List.of("p-first", "p-leaver", "p-second"), labels,
                "one participant per person: the reload is the same one, a bad link or a taken id makes none");

        // what the pages answered is in the export, once each
        JsonNode rows = new ObjectMapper().readTree(given().baseUri(gateway).auth().oauth2(Joined.STAFF)
                .queryParam("format", "json").when().get("/api/exports/sessions/" + pair.path("id"))
                .then().statusCode(200).extract().asString());
        Map<String, List<JsonNode>> answers = new java.util.TreeMap<>();
        for (JsonNode row : rows) {
            if (row.path("record").asText().equals("response") && !row.path("component_id").asText().equals("read")) {
                answers.computeIfAbsent(row.path("participant_label").asText() + " " + row.path("component_id").asText(),
                        k -> new ArrayList<>()).add(row.path("value"));
            }
        }
        ObjectMapper json = new ObjectMapper();
        assertEquals(Map.of(
                "p-first mood", List.of(json.readTree("5")),
                "p-first q", List.of(json.readTree("{\"liked\":\"yes\",\"agree\":4,\"why\":\"It was fun.\"}")),
                "p-second mood", List.of(json.readTree("6")),
                "p-second q", List.of(json.readTree("{\"liked\":\"no\"}"))), answers,
                "each answer once, as the page sent it");
    }
}
