package io.hyperstudy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.bots.Behaviour;
import io.hyperstudy.bots.Bot;
import io.hyperstudy.bots.BotResult;
import io.hyperstudy.system.Platform.Service;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Matching in the waiting room with two experiment-service replicas (docs/scaling.md): 60 bots redeem one
 * session's link, half through the gateway (the platform's replica), half on a second replica, all at once.
 * Every bot ends up in exactly one room of three, no room is formed twice, and the rooms the session lists hold
 * each participant once. A redeem retried after a lost answer finds its participant (the bot sends its own
 * resume secret, as the participant app does), so a slow store under this load costs no one their place.
 * The state pauses for a silent member: on the 2-core CI box a bot's heartbeat can fall more than the
 * heartbeat timeout behind under this burst, and this test is about matching, not about dropouts (a
 * {@code continue} policy let its room finish without it, and it left as dropped).
 */
class MatchingReplicasIT {
    static final int BOTS = 60;
    static final int ROOM_SIZE = 3;
    static final String STAFF = Joined.STAFF;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEFINITION = """
            {"roles":[{"id":"p","count":3}],
             "states":[
               {"id":"hello","focus":{"type":"text","id":"intro","text":"Hi","continueButton":true},
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"pause","graceSeconds":120}}]}""";

    @Test
    void sixtyBotsOverTwoReplicasAreEachMatchedIntoOneRoomOnce() throws Exception {
        String gateway = Platform.get().url(Service.GATEWAY);
        String replica = Platform.get().startExperimentReplica("experiment-service-2");
        Joined.Opened session = Joined.open(gateway, "Two replicas", DEFINITION, "{\"waitingTimeoutSeconds\":240}");
        String sessionId = session.sessionId();
        String key = session.key();

        List<BotResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(BOTS);
        try {
            List<Future<BotResult>> bots = new ArrayList<>();
            for (int i = 0; i < BOTS; i++) {
                URI base = URI.create(i % 2 == 0 ? gateway : replica);
                bots.add(pool.submit(new Bot(base, sessionId, key, Map.of("PROLIFIC_PID", "two-" + i),
                        Behaviour.polite(Duration.ofMillis(500)), Duration.ofSeconds(240))));
            }
            for (var b : bots) {
                results.add(b.get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, List<String>> byRoom = new HashMap<>();
        Set<String> participants = new HashSet<>();
        for (BotResult r : results) {
            assertNotNull(r.roomId(), r.participantId() + " was matched");
            assertEquals("completed", r.outcome(), r.participantId());
            assertTrue(participants.add(r.participantId()), "one participant per bot: " + r.participantId());
            byRoom.computeIfAbsent(r.roomId(), id -> new ArrayList<>()).add(r.participantId());
        }
        assertEquals(BOTS / ROOM_SIZE, byRoom.size(), "rooms the bots were in: " + byRoom);
        byRoom.forEach((room, members) -> assertEquals(ROOM_SIZE, members.size(), room + " holds " + members));

        JsonNode rooms = JSON.readTree(given().baseUri(gateway).auth().oauth2(STAFF)
                .when().get("/api/sessions/" + sessionId + "/rooms").then().statusCode(200).extract().asString());
        assertEquals(BOTS / ROOM_SIZE, rooms.size(), "the session formed each room once");
        Set<String> listed = new HashSet<>();
        for (JsonNode room : rooms) {
            assertEquals(ROOM_SIZE, room.path("members").size(), room.toString());
            for (JsonNode m : room.path("members")) {
                String id = m.path("participantId").asText();
                assertTrue(listed.add(id), id + " is in two rooms");
                assertEquals(room.path("id").asText(), results.stream().filter(r -> r.participantId().equals(id))
                        .findFirst().orElseThrow().roomId(), "the room " + id + " was told is the one it is listed in");
            }
        }
        assertEquals(participants, listed);
    }
}
