package io.hyperstudy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.bots.Behaviour;
import io.hyperstudy.bots.Bot;
import io.hyperstudy.bots.BotResult;
import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.KafkaBroker;
import io.restassured.http.ContentType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the broker stopped, a room still runs and its synced video still plays on every socket: the live path
 * (Redis) does not need Kafka. Once the broker is back, the durable log catches up, and the export says what
 * each participant experienced: the two who followed the room on the socket played the film; the third, whose
 * client never opened one, is flagged {@code no_report} rather than shown as having watched it.
 */
class LivePathWithoutKafkaIT {
    static final String STAFF = Joined.STAFF;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEFINITION = """
            {"roles":[{"id":"p","count":3}],
             "states":[
               {"id":"hello","focus":{"type":"text","id":"intro","text":"Hi","continueButton":true},
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}},
               {"id":"film","focus":{"type":"video","id":"v","mediaId":"film-no-kafka","synced":true},
                "end":{"kind":"timer","seconds":3},"dropout":{"policy":"continue"}},
               {"id":"bye","focus":{"type":"text","id":"done","text":"Thanks","continueButton":true},
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}}]}""";

    @Test
    void aSyncedVideoPlaysOnEverySocketWhileKafkaIsDownAndTheExportTellsWhoSawIt() throws Exception {
        String gateway = Platform.get().url(Service.GATEWAY);
        String experiment = given().baseUri(gateway).auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body("{\"title\":\"No broker\",\"definition\":" + DEFINITION + "}")
                .when().post("/api/experiments").then().statusCode(201).extract().path("id");
        given().baseUri(gateway).auth().oauth2(STAFF).when().post("/api/experiments/" + experiment + "/versions")
                .then().statusCode(201);
        var session = given().baseUri(gateway).auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body("{\"experimentId\":\"" + experiment + "\",\"version\":1}")
                .when().post("/api/sessions").then().statusCode(201).extract();
        String sessionId = session.path("id");
        String joinPath = session.path("joinPath");
        String key = joinPath.substring(joinPath.indexOf("key=") + 4);

        KafkaBroker.shared().stop();
        List<BotResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<BotResult>> bots = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Bot bot = new Bot(URI.create(gateway), sessionId, key, Map.of("PROLIFIC_PID", "nk-" + i),
                        Behaviour.polite(Duration.ofMillis(500)), Duration.ofSeconds(60));
                // two follow the room on the socket; the third only polls, and so never plays the video
                bots.add(pool.submit(i < 2 ? bot.overSocket() : bot));
            }
            for (var b : bots) {
                results.add(b.get(90, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            KafkaBroker.shared().start();
        }
        for (BotResult r : results) {
            assertEquals(List.of("hello", "film", "bye"), r.states(), r.participantId());
            assertEquals("completed", r.outcome());
        }
        for (BotResult r : results.subList(0, 2)) {
            assertTrue(r.socket().playing().contains("film-no-kafka"),
                    "the film played on " + r.participantId() + "'s socket without the broker: " + r.socket().playing());
        }

        Map<String, String> flags = new HashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode rows = JSON.readTree(given().baseUri(gateway).auth().oauth2(STAFF)
                    .when().get("/api/exports/sessions/" + sessionId + "?format=json").then().statusCode(200)
                    .extract().asString());
            flags.clear();
            rows.forEach(row -> {
                if (row.path("record").asText().equals("video_playback")) {
                    flags.put(row.path("participant_id").asText(), row.path("value").path("flag").asText());
                }
            });
            assertEquals("played", flags.get(results.get(0).participantId()), flags.toString());
            assertEquals("played", flags.get(results.get(1).participantId()), flags.toString());
            assertEquals("no_report", flags.get(results.get(2).participantId()), flags.toString());
        });
    }
}
