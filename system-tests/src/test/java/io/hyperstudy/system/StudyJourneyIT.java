package io.hyperstudy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.system.Platform.Service;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole study in the participant app, in headless Chromium (src/test/browser/study-journey.mjs): three people
 * open a Prolific-style link, consent (a fourth declines), check their device, wait, are matched, watch a synced
 * video (their pages' presented frames within 20 ms at p95) while rating it continuously, answer a questionnaire
 * and a rating, chat beside a call (whose SFU cannot run here: the page says so; the chat, global to both
 * states, stays mounted across them), one reloads mid-state, and all
 * finish on the completion URL with their code. Then the session and its export hold exactly what the pages
 * did: four participants, three consents, every response once.
 */
class StudyJourneyIT {
    static final String DEFINITION = """
            {"roles":[{"id":"viewer","count":3}],
             "consent":{"text":"## About this study\\nYou will watch a short film with two others, rate it and talk about it.\\n\\nYour answers are kept without your name.","acceptLabel":"I agree"},
             "states":[
               {"id":"film","title":"Watch together","focus":{"type":"video","id":"clip","mediaId":"ASSET","synced":true},
                "globals":[{"type":"rating","id":"tension","prompt":"How tense is it now?","scale":"continuous",
                            "min":0,"max":10,"sampleRateHz":4,"labels":["calm","tense"]}],
                "end":{"kind":"timer","seconds":16},"dropout":{"policy":"continue"}},
               {"id":"about","title":"About the film",
                "focus":{"type":"questionnaire","id":"q","questions":[
                  {"id":"liked","kind":"multipleChoice","prompt":"Did you like it?","options":["yes","no"],"required":true},
                  {"id":"why","kind":"freeText","prompt":"Why?"}]},
                "globals":[{"type":"rating","id":"overall","prompt":"Overall","scale":"discrete","min":1,"max":5,"step":1},
                           {"type":"chat","id":"talk-chat","maxLength":500}],
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}},
               {"id":"talk","title":"Talk it over",
                "focus":{"type":"text","id":"done","text":"Say hello to the others, then continue.","continueButton":true},
                "globals":[{"type":"chat","id":"talk-chat","maxLength":500},{"type":"call","id":"call","audio":true,"video":true}],
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}}]}""";

    @Test
    void threePeopleGoThroughAWholeStudyAndTheExportHoldsWhatTheyDid() throws Exception {
        String gateway = Platform.get().url(Service.GATEWAY);
        String experiment = given().baseUri(gateway).auth().oauth2(Joined.STAFF).contentType(ContentType.JSON)
                .body("{\"title\":\"A film together\"}").when().post("/api/experiments").then().statusCode(201)
                .extract().path("id");
        String asset = given().baseUri(gateway).auth().oauth2(Joined.STAFF).header("X-Asset-Name", "film.webm")
                .contentType("video/webm").body(Files.readAllBytes(BrowserScript.testVideo(30)))
                .when().post("/api/media/experiments/" + experiment + "/assets").then().statusCode(201).extract().path("id");
        given().baseUri(gateway).auth().oauth2(Joined.STAFF).contentType(ContentType.JSON)
                .body("{\"title\":\"A film together\",\"definition\":" + DEFINITION.replace("ASSET", asset) + "}")
                .when().put("/api/experiments/" + experiment).then().statusCode(200);
        given().baseUri(gateway).auth().oauth2(Joined.STAFF).when().post("/api/experiments/" + experiment + "/versions")
                .then().statusCode(201);
        String settings = "{\"completionUrl\":\"" + gateway + "/finished?cc={code}\","
                + "\"codes\":{\"noConsent\":\"C-NOPE\",\"completed\":\"C-DONE\"}}";
        var session = given().baseUri(gateway).auth().oauth2(Joined.STAFF).contentType(ContentType.JSON)
                .body("{\"experimentId\":\"" + experiment + "\",\"version\":1,\"settings\":" + settings + "}")
                .when().post("/api/sessions").then().statusCode(201).extract();

        String output = BrowserScript.run("study-journey.mjs", Map.of("GATEWAY_URL", gateway,
                "JOIN", session.path("joinPath"), "LIVEKIT_URL", Platform.LIVEKIT_URL), 5);
        Matcher frames = Pattern.compile("frames: pairs of 3 participant pages agree p50 ([\\d.]+) ms, p95 ([\\d.]+) ms")
                .matcher(output);
        assertTrue(frames.find(), output);
        assertTrue(Double.parseDouble(frames.group(2)) <= 20, "presented frames within 20 ms at p95: " + frames.group());

        ObjectMapper json = new ObjectMapper();
        String sessionId = session.path("id");
        JsonNode participants = json.readTree(given().baseUri(gateway).auth().oauth2(Joined.STAFF)
                .when().get("/api/sessions/" + sessionId + "/participants").then().statusCode(200).extract().asString());
        Map<String, String> outcomes = new TreeMap<>();
        Set<String> consented = new HashSet<>();
        for (JsonNode p : participants) {
            outcomes.put(p.path("label").asText(), p.path("outcome").asText());
            assertEquals("st-7", p.path("params").path("STUDY_ID").asText(), "the recruitment parameters are kept");
            if (p.hasNonNull("consentedAt")) {
                consented.add(p.path("label").asText());
            }
        }
        assertEquals(Map.of("p-ana", "completed", "p-ben", "completed", "p-cai", "completed", "p-no", "noConsent"),
                outcomes, "one participant per person, a reload made nobody new");
        assertEquals(Set.of("p-ana", "p-ben", "p-cai"), consented);

        JsonNode rows = json.readTree(given().baseUri(gateway).auth().oauth2(Joined.STAFF).queryParam("format", "json")
                .when().get("/api/exports/sessions/" + sessionId).then().statusCode(200).extract().asString());
        Map<String, List<JsonNode>> answers = new TreeMap<>();
        Map<String, List<Double>> tension = new TreeMap<>();
        Set<String> responseIds = new HashSet<>();
        int responses = 0;
        for (JsonNode row : rows) {
            if (!row.path("record").asText().equals("response")) {
                continue;
            }
            responses++;
            responseIds.add(row.path("response_id").asText());
            String who = row.path("participant_label").asText();
            String component = row.path("component_id").asText();
            if (component.equals("tension")) {
                tension.computeIfAbsent(who, k -> new ArrayList<>()).add(row.path("value").asDouble());
            } else {
                answers.computeIfAbsent(who + " " + component, k -> new ArrayList<>()).add(row.path("value"));
            }
        }
        assertEquals(responses, responseIds.size(), "no response is stored twice");
        Map<String, List<JsonNode>> expected = new TreeMap<>();
        for (String who : List.of("ana", "ben", "cai")) {
            String label = "p-" + who;
            boolean ben = who.equals("ben");
            expected.put(label + " q", List.of(json.readTree("{\"liked\":\"" + (ben ? "no" : "yes")
                    + "\",\"why\":\"Because " + who + " says so.\"}")));
            expected.put(label + " overall", List.of(json.readTree(String.valueOf(who.equals("ana") ? 3 : ben ? 4 : 5))));
            expected.put(label + " done", List.of(json.nullNode()));
            expected.put(label + " talk-chat", List.of(json.readTree("{\"text\":\"hello from " + who + "\"}")));
            List<Double> samples = tension.getOrDefault(label, List.of());
            // 4 samples a second over a 16 s film, sent in batches; the slider started at 5 and was moved to an end
            assertTrue(samples.size() >= 30 && samples.size() <= 70, label + " tension samples: " + samples.size());
            assertEquals(5.0, samples.get(0), label + " starts at the middle");
            assertTrue(samples.contains(ben ? 0.0 : 10.0), label + " moved the slider: " + samples);
        }
        assertEquals(expected, answers, "each answer once, as the page sent it");
    }
}
