package io.hyperstudy.experiment.session;

import io.hyperstudy.bots.BotResult;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.ParticipantLeft;
import io.hyperstudy.model.events.ResponseRecorded;
import io.hyperstudy.model.events.RoomEnded;
import io.hyperstudy.model.events.RoomStarted;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.events.Topics;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bots run sessions end to end over real HTTP, against the Firestore emulator, real Redis and the
 * real broker: matching, the state machine, dropouts and their policies, outcomes and codes.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class BotSessionTest {
    static final String OWNER = StaffTokens.experimenter("bo");

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopBots() {
        pool.shutdownNow();
    }

    private Studies.Study study() {
        String experiment = Studies.publishedExperiment(OWNER, Studies.definition("three-states.json"));
        return Studies.session(OWNER, experiment, Studies.settings());
    }

    private List<Future<BotResult>> start(Studies.Study study, io.hyperstudy.bots.Behaviour... behaviours) {
        List<Future<BotResult>> runs = new ArrayList<>();
        for (int i = 0; i < behaviours.length; i++) {
            runs.add(pool.submit(Studies.bot(base, study, "PID-" + study.sessionId() + "-" + i, behaviours[i])));
        }
        return runs;
    }

    private List<CloudEvent> roomEvents(String roomId, int atLeast) {
        KafkaEvents.await(bootstrap, Topics.SESSIONS,
                r -> r.value().data() instanceof RoomEnded e && e.roomId().equals(roomId), Duration.ofSeconds(30));
        var records = KafkaEvents.collect(bootstrap, Topics.SESSIONS, r -> roomId.equals(r.key()), Duration.ofSeconds(2));
        assertTrue(records.size() >= atLeast, "the room's events: " + records);
        return records.stream().map(r -> r.value()).filter(e -> !(e.data() instanceof ResponseRecorded)).toList();
    }

    private static String describe(CloudEvent e) {
        if (e.data() instanceof RoomStateChanged c) {
            return c.transition() + ":" + c.stateId();
        }
        if (e.data() instanceof ParticipantLeft l) {
            return "left:" + l.outcome();
        }
        return e.data().getClass().getSimpleName();
    }

    @Test
    void fourBotsRunAThreeStateExperimentEndToEnd() throws Exception {
        Studies.Study study = study();
        List<BotResult> results = new ArrayList<>();
        for (Future<BotResult> run : start(study, Studies.polite(), Studies.polite(), Studies.polite(), Studies.polite())) {
            results.add(run.get());
        }
        for (BotResult r : results) {
            assertEquals(List.of("intro", "clip", "rate"), r.states(), r.participantId());
            assertEquals("completed", r.outcome());
            assertEquals("C-OK", r.code());
            assertEquals("https://app.prolific.example/submissions/complete?cc=C-OK", r.completionUrl());
        }
        Set<String> rooms = results.stream().map(BotResult::roomId).collect(Collectors.toSet());
        assertEquals(1, rooms.size(), "all four in one room");
        assertEquals(List.of("guide", "viewer", "viewer", "viewer"),
                results.stream().map(BotResult::role).sorted().toList(), "roles filled as the definition says");

        String roomId = rooms.iterator().next();
        long recorded = KafkaEvents.collect(bootstrap, Topics.SESSIONS,
                r -> roomId.equals(r.key()) && r.value().data() instanceof ResponseRecorded, Duration.ofSeconds(5))
                .stream().mapToInt(r -> ((ResponseRecorded) r.value().data()).count()).sum();
        assertEquals(results.stream().mapToInt(BotResult::responses).sum(), recorded,
                "every response the bots sent was recorded, once");
        List<CloudEvent> events = roomEvents(roomId, 8);
        List<String> story = events.stream().map(BotSessionTest::describe).toList();
        assertEquals(List.of("RoomStarted", "enter:intro", "enter:clip", "enter:rate",
                "left:completed", "left:completed", "left:completed", "left:completed", "RoomEnded"), story);
        var clip = (RoomStateChanged) events.get(2).data();
        assertEquals("clip-1", clip.mediaId(), "the synced video is announced for sync-service");
        assertEquals(2.0, clip.mediaStartSeconds());
        var rate = (RoomStateChanged) events.get(3).data();
        long clipMs = rate.startsAtServerTime() - clip.startsAtServerTime();
        assertTrue(clipMs >= 1500 && clipMs < 2500, "the 1.5 s timer state lasted " + clipMs + " ms");
        assertEquals(4, ((RoomStarted) events.get(0).data()).members().size());

        given().auth().oauth2(OWNER).when().get("/api/rooms/" + roomId).then().statusCode(200)
                .body("status", equalTo("ENDED")).body("endReason", equalTo("completed"));
    }

    @Test
    void aBotThatDropsInAPauseStateRejoinsWithinTheGracePeriod() throws Exception {
        Studies.Study study = study();
        var polite = Studies.polite();
        List<Future<BotResult>> runs = start(study, polite.dropsIn("intro", Duration.ofMillis(3500)), polite, polite, polite);
        List<BotResult> results = new ArrayList<>();
        for (Future<BotResult> run : runs) {
            results.add(run.get());
        }
        results.forEach(r -> assertEquals("completed", r.outcome(), r.participantId() + " " + r.states()));
        List<String> story = roomEvents(results.get(0).roomId(), 10).stream().map(BotSessionTest::describe).toList();
        assertEquals(List.of("RoomStarted", "enter:intro", "pause:intro", "resume:intro", "enter:clip", "enter:rate"),
                story.subList(0, 6), "the room waited for the dropout and went on when they came back: " + story);
    }

    @Test
    void aBotThatNeverReturnsIsDroppedAndTheRoomGoesOnWithoutThem() throws Exception {
        Studies.Study study = study();
        var polite = Studies.polite();
        List<Future<BotResult>> runs = start(study, polite.vanishesIn("rate"), polite, polite, polite);
        List<BotResult> finished = new ArrayList<>();
        for (Future<BotResult> run : runs.subList(1, 4)) {
            finished.add(run.get());
        }
        finished.forEach(r -> assertEquals("completed", r.outcome(), r.participantId()));
        String roomId = finished.get(0).roomId();
        List<String> story = roomEvents(roomId, 10).stream().map(BotSessionTest::describe).toList();
        assertEquals(List.of("RoomStarted", "enter:intro", "enter:clip", "enter:rate", "pause:rate", "left:dropped",
                "resume:rate"), story.subList(0, 7), "grace ran out, then the room went on: " + story);
        assertEquals("RoomEnded", story.get(story.size() - 1));
        given().auth().oauth2(OWNER).when().get("/api/sessions/" + study.sessionId() + "/participants")
                .then().statusCode(200)
                .body("findAll { it.outcome == 'dropped' }.size()", equalTo(1))
                .body("findAll { it.outcome == 'completed' }.size()", equalTo(3));
    }
}
