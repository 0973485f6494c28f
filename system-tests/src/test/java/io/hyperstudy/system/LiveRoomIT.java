package io.hyperstudy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.bots.Behaviour;
import io.hyperstudy.bots.Bot;
import io.hyperstudy.bots.BotResult;
import io.hyperstudy.model.sync.Chat;
import io.hyperstudy.model.sync.Presence;
import io.hyperstudy.model.sync.RoomState;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.SyncMessage;
import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.WebSocketProbe;
import io.restassured.http.ContentType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A room lived on its socket, through the gateway: three bot participants that follow their room only on
 * the socket, and one staff socket. Every state change reaches every socket in order; chat written by
 * participants and by staff reaches every member once and is in the export once, even though staff sent theirs
 * twice; the staff socket sees a bot go offline and come back; every bot hears its outcome, then its socket
 * closes with 4403.
 */
class LiveRoomIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String STAFF = Joined.STAFF;
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> STATES = List.of("hello", "talk", "film", "rate");
    static final String DEFINITION = """
            {"roles":[{"id":"p","count":3}],
             "states":[
               {"id":"hello","focus":{"type":"text","id":"intro","text":"Hi","continueButton":true},
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}},
               {"id":"talk","focus":{"type":"text","id":"ready","text":"Say hello, then go on","continueButton":true},
                "globals":[{"type":"chat","id":"talk","maxLength":200}],
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}},
               {"id":"film","focus":{"type":"video","id":"v","mediaId":"film-live","synced":true},
                "end":{"kind":"timer","seconds":3},"dropout":{"policy":"continue"}},
               {"id":"rate","focus":{"type":"rating","id":"r","scale":"discrete","min":1,"max":5,"step":1},
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}}]}""";

    @Test
    void threeBotsAndStaffLiveTheRoomOnTheSocket() throws Exception {
        String gateway = Platform.get().url(Service.GATEWAY);
        String experiment = given().baseUri(gateway).auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body("{\"title\":\"Live room\",\"definition\":" + DEFINITION + "}")
                .when().post("/api/experiments").then().statusCode(201).extract().path("id");
        given().baseUri(gateway).auth().oauth2(STAFF).when().post("/api/experiments/" + experiment + "/versions")
                .then().statusCode(201);
        var session = given().baseUri(gateway).auth().oauth2(STAFF).contentType(ContentType.JSON)
                .body("{\"experimentId\":\"" + experiment + "\",\"version\":1,\"settings\":{\"completionUrl\":"
                        + "\"https://panel.example/done?cc={code}\",\"codes\":{\"completed\":\"C-LIVE\"}}}")
                .when().post("/api/sessions").then().statusCode(201).extract();
        String sessionId = session.path("id");
        String joinPath = session.path("joinPath");
        String key = joinPath.substring(joinPath.indexOf("key=") + 4);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<BotResult>> bots = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Behaviour behaviour = Behaviour.polite(Duration.ofMillis(500));
                if (i == 1) {
                    // one bot's tab closes as the chat begins, and comes back three seconds later
                    behaviour = behaviour.dropsIn("talk", Duration.ofSeconds(3));
                }
                bots.add(pool.submit(new Bot(URI.create(gateway), sessionId, key, Map.of("PROLIFIC_PID", "live-" + i),
                        behaviour, Duration.ofSeconds(90)).overSocket()));
            }
            String roomId = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() ->
                    given().baseUri(gateway).auth().oauth2(STAFF).when().get("/api/sessions/" + sessionId + "/rooms")
                            .then().statusCode(200).extract().jsonPath().getList("id", String.class),
                    ids -> !ids.isEmpty()).get(0);

            StaffView staff = watchAsStaff(gateway, roomId, bots);

            List<BotResult> results = new ArrayList<>();
            for (var b : bots) {
                results.add(b.get(2, TimeUnit.MINUTES));
            }
            Set<String> participants = results.stream().map(BotResult::participantId).collect(Collectors.toSet());
            String dropper = results.get(1).participantId();

            // every state change on every socket, in order
            for (BotResult r : results) {
                var log = r.socket();
                assertNotNull(log, "bots follow the socket");
                // a new connection starts with the room as it is: it may repeat what the last one ended on
                boolean oneConnection = log.connections() == 1;
                assertIncreasing(log.roomSeqs(), r.participantId() + " room frames", oneConnection);
                assertEquals(STATES, distinctInOrder(log.roomStates()), r.participantId() + " saw " + log.roomStates());
                assertIncreasing(log.timelineSeqs(), r.participantId() + " timeline frames", oneConnection);
                assertEquals("completed", log.outcome(), "the outcome frame");
                assertEquals("C-LIVE", log.code());
                assertEquals("https://panel.example/done?cc=C-LIVE", log.completionUrl());
                assertEquals(4403, log.closeCode(), "then the socket closes with 4403");
            }
            assertIncreasing(staff.roomSeqs, "staff room frames", true);
            List<String> staffStates = distinctInOrder(staff.roomStates);
            assertEquals(STATES.subList(STATES.indexOf(staffStates.get(0)), STATES.size()), staffStates,
                    "staff see every state from when they connected: " + staff.roomStates);
            assertTrue(staff.timelines.stream().anyMatch(t -> "film-live".equals(t.mediaId())),
                    "the state's video reached the staff socket too");

            // chat: three bot messages and the staff one, to every member, once each
            Set<String> expectedChat = new HashSet<>(staff.chatIds);
            assertEquals(4, expectedChat.size(), "staff saw every message once: " + staff.chatIds);
            assertEquals(4, staff.chatIds.size());
            for (BotResult r : results) {
                List<String> live = r.socket().chats().stream().filter(c -> !c.endsWith("(history)")).toList();
                Set<String> all = r.socket().chats().stream().map(c -> c.replace(" (history)", ""))
                        .collect(Collectors.toSet());
                assertEquals(expectedChat, all, r.participantId() + " got every message: " + r.socket().chats());
                if (!r.participantId().equals(dropper)) {
                    assertEquals(live.size(), new HashSet<>(live).size(), "each once: " + live);
                    assertEquals(4, live.size(), r.participantId() + " was there for all of them");
                }
            }
            assertTrue(results.get(1).socket().chats().stream().anyMatch(c -> c.endsWith("(history)")),
                    "the bot that came back got what it missed as history: " + results.get(1).socket().chats());
            assertEquals(2, results.get(1).socket().connections(), "it came back on a new socket");

            JsonNode export = JSON.readTree(given().baseUri(gateway).auth().oauth2(STAFF)
                    .when().get("/api/exports/sessions/" + sessionId + "?format=json").then().statusCode(200)
                    .extract().asString());
            List<String> stored = new ArrayList<>();
            export.forEach(row -> {
                if (row.path("record").asText().equals("response") && row.path("component_type").asText().equals("chat")) {
                    stored.add(row.path("response_id").asText());
                }
            });
            assertEquals(expectedChat, new HashSet<>(stored), "the export holds what was delivered");
            assertEquals(4, stored.size(), "each message once, though staff sent theirs twice: " + stored);

            // what each participant experienced of the film: their players' reports, once their summaries are in
            Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                JsonNode rows = JSON.readTree(given().baseUri(gateway).auth().oauth2(STAFF)
                        .when().get("/api/exports/sessions/" + sessionId + "?format=json").then().statusCode(200)
                        .extract().asString());
                List<JsonNode> film = new ArrayList<>();
                rows.forEach(row -> {
                    if (row.path("record").asText().equals("video_playback")) {
                        film.add(row);
                    }
                });
                assertEquals(participants, film.stream().map(row -> row.path("participant_id").asText())
                        .collect(Collectors.toSet()), "one row per participant: " + film);
                for (JsonNode row : film) {
                    JsonNode v = row.path("value");
                    assertEquals("film", row.path("state_id").asText());
                    assertEquals("played", v.path("flag").asText(), row.toString());
                    // a bot is a perfect player: it shows the first frame at the first report after the start
                    long late = v.path("firstFrameLateMs").asLong();
                    assertTrue(late >= -50 && late < 600, "first frame " + late + " ms after the start: " + row);
                    assertTrue(v.path("loadedAt").asLong() <= v.path("startsAt").asLong(), "loaded before the start");
                }
            });

            // presence: the staff socket saw the dropper go offline and come back
            int wentAway = -1;
            int cameBack = -1;
            for (int i = 0; i < staff.online.size(); i++) {
                boolean here = staff.online.get(i).contains(dropper);
                if (wentAway < 0 && !here && i > 0 && staff.online.get(i - 1).contains(dropper)) {
                    wentAway = i;
                } else if (wentAway >= 0 && cameBack < 0 && here) {
                    cameBack = i;
                }
            }
            assertTrue(wentAway > 0 && cameBack > wentAway, "offline then online again: " + staff.online);
            assertTrue(participants.containsAll(staff.online.get(cameBack).stream()
                    .filter(p -> !p.startsWith("staff") && !p.equals(staff.self)).toList()));
        } finally {
            pool.shutdownNow();
        }
    }

    /** What the staff socket heard; it writes in the chat (twice, as a retry would) once the chat shows. */
    static final class StaffView {
        final List<Long> roomSeqs = new ArrayList<>();
        final List<String> roomStates = new ArrayList<>();
        final List<Timeline> timelines = new ArrayList<>();
        final List<String> chatIds = new ArrayList<>();
        final List<List<String>> online = new ArrayList<>();
        String self;
    }

    private static StaffView watchAsStaff(String gateway, String roomId, List<Future<BotResult>> bots) {
        StaffView view = new StaffView();
        URI uri = Platform.get().gatewayWs("/ws/rooms/" + roomId);
        try (var ws = WebSocketProbe.open(uri, Map.of("Authorization", "Bearer " + STAFF))) {
            ws.answerPings(0);
            boolean wrote = false;
            long until = System.currentTimeMillis() + Duration.ofMinutes(2).toMillis();
            while (System.currentTimeMillis() < until && !(bots.stream().allMatch(Future::isDone) && wrote)) {
                String frame;
                try {
                    frame = ws.next(Duration.ofMillis(500));
                } catch (AssertionError quiet) {
                    continue;
                }
                SyncMessage m = SyncCodec.decode(frame);
                if (m instanceof io.hyperstudy.model.sync.Hello hello) {
                    view.self = hello.participantId();
                } else if (m instanceof RoomState room) {
                    view.roomSeqs.add(room.seq());
                    view.roomStates.add(room.stateId());
                    if (!wrote && "talk".equals(room.stateId())) {
                        wrote = true;
                        for (int attempt = 0; attempt < 2; attempt++) {
                            given().baseUri(gateway).auth().oauth2(STAFF).contentType(ContentType.JSON)
                                    .body("{\"id\":\"staff-hello\",\"componentId\":\"talk\",\"text\":\"Welcome, all\"}")
                                    .when().post("/api/rooms/" + roomId + "/chat").then().statusCode(200)
                                    .body("accepted", org.hamcrest.Matchers.equalTo(attempt == 0 ? 1 : 0));
                        }
                    }
                } else if (m instanceof Timeline t) {
                    view.timelines.add(t);
                } else if (m instanceof Chat chat) {
                    view.chatIds.add(chat.id());
                } else if (m instanceof Presence p) {
                    view.online.add(p.members().stream().filter(Presence.Member::online)
                            .map(Presence.Member::participantId).toList());
                }
            }
        }
        return view;
    }

    private static void assertIncreasing(List<Long> seqs, String what, boolean strictly) {
        assertTrue(!seqs.isEmpty(), what + ": none");
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(strictly ? seqs.get(i) > seqs.get(i - 1) : seqs.get(i) >= seqs.get(i - 1),
                    what + " out of order: " + seqs);
        }
    }

    private static List<String> distinctInOrder(List<String> states) {
        List<String> out = new ArrayList<>();
        for (String s : states) {
            if (s != null && (out.isEmpty() || !out.get(out.size() - 1).equals(s))) {
                out.add(s);
            }
        }
        return out;
    }
}
