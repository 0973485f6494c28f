package io.hyperstudy.media.recordings;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RecordingCompleted;
import io.hyperstudy.model.events.RecordingStarted;
import io.hyperstudy.model.events.RoomEnded;
import io.hyperstudy.model.events.RoomStarted;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.events.Topics;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.LiveKitResource;
import io.hyperstudy.testinfra.LiveKitStandIn;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import jakarta.inject.Inject;
import livekit.LivekitEgress;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recordings driven by room events from Kafka: LiveKit egress (a stand-in speaking LiveKit's Twirp API,
 * and sending webhooks signed as LiveKit signs them) is started when a recorded state begins and stopped
 * when the next state or the room's end comes; the catalogue places each recording on the room's
 * server-time line; RecordingStarted and RecordingCompleted go out on Kafka, in that order.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(LiveKitResource.class)
@WithTestResource(FirestoreResource.class)
class RecordingsTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/webhooks/livekit")
    URI webhook;

    final LiveKitStandIn liveKit = LiveKitResource.shared();

    @Inject
    RecordingCatalogue recordings;

    @BeforeEach
    void webhooksComeHere() {
        liveKit.webhooks().sendTo(webhook);
    }

    @Test
    void aRecordedStateIsRecordedFromItsStartToTheNextStateAndPlacedOnTheRoomsTimeLine() {
        String room = "room-" + UUID.randomUUID();
        String session = "s-" + UUID.randomUUID();
        start(room, session);
        long stateStart = System.currentTimeMillis() + 500;
        var enter = entered(room, session, 1, "call", stateStart, 1, RoomStateChanged.RECORD_COMPOSITE);
        KafkaEvents.send(bootstrap, enter);
        KafkaEvents.send(bootstrap, enter);  // redelivered: must not record twice

        JsonPath active = awaitRecording(session, r -> "active".equals(r.get("status")));
        assertEquals(room + "-1", active.getString("[0].id"));
        assertEquals("composite", active.getString("[0].kind"));
        assertEquals("call", active.getString("[0].stateId"));
        String egressId = active.getString("[0].egressId");
        long started = active.getLong("[0].startedAtServerTime");
        assertEquals(started - stateStart, active.getLong("[0].offsetMs"), "offset from the state's start");
        assertEquals(egressId, liveKit.egresses().get(egressId).getEgressId());
        assertEquals(started, liveKit.egresses().get(egressId).getStartedAt() / 1_000_000, "LiveKit's own start time");

        // a pause neither stops nor restarts the recording; the next state stops it
        KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service", new RoomStateChanged(room, session, "e1", 1, "call",
                System.currentTimeMillis(), null, null, RoomStateChanged.PAUSE, 2, false, RoomStateChanged.RECORD_COMPOSITE),
                Instant.now()));
        KafkaEvents.send(bootstrap, entered(room, session, 2, "rate", System.currentTimeMillis(), 3, RoomStateChanged.RECORD_NONE));
        JsonPath complete = awaitRecording(session, r -> "complete".equals(r.get("status")));
        assertEquals(1, complete.getList("$").size());
        assertEquals(1, count("StartRoomCompositeEgress " + room));
        assertEquals(1, count("StopEgress " + egressId));
        assertEquals("recordings/" + session + "/" + room + "/" + room + "-1.mp4", complete.getString("[0].files[0].filename"));
        assertTrue(complete.getLong("[0].files[0].durationMs") > 0);
        assertTrue(complete.getLong("[0].endedAtServerTime") >= started);

        List<ConsumerRecord<String, CloudEvent>> events = recordingEvents(room, 2);
        var startedEvent = (RecordingStarted) events.get(0).value().data();
        var completedEvent = (RecordingCompleted) events.get(1).value().data();
        assertEquals(room, events.get(0).key(), "keyed by room, so a room's recordings stay in order");
        assertEquals(room + "-1", startedEvent.recordingId());
        assertEquals(started - stateStart, startedEvent.offsetMs());
        assertEquals("complete", completedEvent.status());
        assertEquals(egressId, completedEvent.egressId());
        assertEquals(1, completedEvent.files().size());
        assertEquals(started, completedEvent.startedAtServerTime());

        // counted as Kafka acknowledges the completion, which may come just after the event is readable
        String metrics = Awaitility.await().atMost(WAIT).until(() -> given().when().get("/q/metrics").then().statusCode(200)
                .extract().asString(), m -> m.contains("hyperstudy_recordings_ended_total{status=\"complete\"}"));
        assertTrue(metrics.contains("hyperstudy_recordings_started_total{kind=\"composite\"}"), "recordings started");
        assertTrue(metrics.contains("hyperstudy_recordings_ended_total{status=\"complete\"}"), "recordings ended");
        assertTrue(metrics.contains("hyperstudy_livekit_webhooks_total{outcome=\"accepted\"}"), "webhooks taken");
    }

    @Test
    void eachParticipantIsRecordedWhenAStateRecordsTracksAndTheRoomsEndStopsThem() {
        String room = "room-" + UUID.randomUUID();
        String session = "s-" + UUID.randomUUID();
        start(room, session);
        liveKit.join(room, "p-ann");
        liveKit.join(room, "observer:staff-1");
        KafkaEvents.send(bootstrap, entered(room, session, 0, "talk", System.currentTimeMillis(), 1, RoomStateChanged.RECORD_TRACKS));
        awaitRecording(session, r -> "active".equals(r.get("status")));
        // someone who joins the call during the state is recorded from then on
        liveKit.join(room, "p-bob");
        JsonPath both = awaitRecording(session, r -> "p-bob".equals(r.get("participantId")) && "active".equals(r.get("status")));
        assertEquals(List.of("p-ann", "p-bob"), both.getList("participantId"), "staff observers are not recorded");
        assertEquals(List.of("tracks", "tracks"), both.getList("kind"));
        assertEquals(0, count("StartParticipantEgress " + room + " observer:staff-1"));

        KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service",
                new RoomEnded(room, session, "completed", System.currentTimeMillis()), Instant.now()));
        Awaitility.await().atMost(WAIT).until(() -> catalogue(session).getList("status").equals(List.of("complete", "complete")));
        assertEquals(2, liveKit.calls().stream().filter(c -> c.startsWith("StopEgress ")
                && both.getList("egressId").contains(c.substring("StopEgress ".length()))).count());
        assertEquals(4, recordingEvents(room, 4).size());
    }

    @Test
    void aRecordingWhoseEndLiveKitNeverReportedIsFinishedByAskingLiveKit() {
        String room = "room-" + UUID.randomUUID();
        String session = "s-" + UUID.randomUUID();
        start(room, session);
        KafkaEvents.send(bootstrap, entered(room, session, 0, "call", System.currentTimeMillis(), 1, RoomStateChanged.RECORD_COMPOSITE));
        awaitRecording(session, r -> "active".equals(r.get("status")));
        liveKit.webhooks().sendTo(null);
        try {
            KafkaEvents.send(bootstrap, entered(room, session, 1, "after", System.currentTimeMillis(), 2, RoomStateChanged.RECORD_NONE));
            JsonPath done = awaitRecording(session, r -> "complete".equals(r.get("status")));
            assertEquals(1, done.getList("files").size(), "the files, as LiveKit lists them");
            assertTrue(liveKit.calls().contains("ListEgress " + done.getString("[0].egressId")));
        } finally {
            liveKit.webhooks().sendTo(webhook);
        }
        assertEquals(2, recordingEvents(room, 2).size());
    }

    @Test
    void aRecordingLiveKitCannotStartIsReportedFailedAndNeverStarted() {
        String room = "room-" + UUID.randomUUID();
        String session = "s-" + UUID.randomUUID();
        start(room, session);
        liveKit.failNextEgress("pipeline could not start");
        KafkaEvents.send(bootstrap, entered(room, session, 0, "call", System.currentTimeMillis(), 1, RoomStateChanged.RECORD_COMPOSITE));
        JsonPath failed = awaitRecording(session, r -> "failed".equals(r.get("status")));
        assertEquals("pipeline could not start", failed.getString("[0].error"));
        assertNull(failed.get("[0].offsetMs"));
        var events = recordingEvents(room, 1);
        var completed = (RecordingCompleted) events.get(0).value().data();
        assertEquals("failed", completed.status());
        assertNull(completed.startedAtServerTime());
    }

    @Test
    void aRecordingInARoomLiveKitDoesNotKnowFailsAtOnce() {
        String session = "s-" + UUID.randomUUID();
        KafkaEvents.send(bootstrap, entered("never-opened", session, 0, "call", System.currentTimeMillis(), 1,
                RoomStateChanged.RECORD_COMPOSITE));
        JsonPath failed = awaitRecording(session, r -> "failed".equals(r.get("status")));
        assertTrue(failed.getString("[0].error").contains("404"), failed.getString("[0].error"));
    }

    @Test
    void aTracksStateInARoomLiveKitDoesNotKnowRecordsNobodyAndHoldsUpNothing() {
        String room = "never-opened-" + UUID.randomUUID();
        String session = "s-" + UUID.randomUUID();
        KafkaEvents.send(bootstrap, entered(room, session, 0, "talk", System.currentTimeMillis(), 1, RoomStateChanged.RECORD_TRACKS));
        // the room's next event (same partition) is handled at once, not after a minute of retries
        KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service",
                new RoomEnded(room, session, "completed", System.currentTimeMillis()), Instant.now()));
        Awaitility.await().atMost(WAIT).until(() -> liveKit.calls().contains("DeleteRoom " + room));
        assertEquals(1, count("ListParticipants " + room));
        assertEquals(List.of(), catalogue(session).getList("$"));
    }

    @Test
    void oneCallerAtATimeAsksLiveKitForARecordingAndADeadCallersTurnPasses() {
        var entered = (RoomStateChanged) entered("room-" + UUID.randomUUID(), "s-" + UUID.randomUUID(), 0, "talk",
                1_000, 1, RoomStateChanged.RECORD_TRACKS).data();
        Recording fresh = Recording.requested(entered, "p-cat", "recordings", 1_000);
        long now = System.currentTimeMillis();
        assertTrue(recordings.claimLaunch(fresh, now).isPresent(), "the first caller asks");
        assertTrue(recordings.claimLaunch(fresh, now + 1).isEmpty(), "the webhook for the same participant does not");
        assertTrue(recordings.claimLaunch(fresh, now + Recording.LAUNCH_LEASE_MS + 1).isPresent(),
                "a caller that died is replaced once its lease has passed");
        recordings.change(fresh.id(), r -> r.withEgress(LivekitEgress.EgressInfo.newBuilder().setEgressId("EG_cat")
                .setStatus(LivekitEgress.EgressStatus.EGRESS_STARTING).build()));
        assertTrue(recordings.claimLaunch(fresh, now + 10 * Recording.LAUNCH_LEASE_MS).isEmpty(), "begun: no one asks again");
    }

    @Test
    void aRecordingWhoseCallerDiedBeforeLiveKitAnsweredIsAskedForAgain() {
        String room = "room-" + UUID.randomUUID();
        String session = "s-" + UUID.randomUUID();
        start(room, session);
        var entered = (RoomStateChanged) entered(room, session, 0, "call", System.currentTimeMillis(), 1,
                RoomStateChanged.RECORD_COMPOSITE).data();
        // as a replica leaves it that claimed the recording a minute ago and died before asking LiveKit
        Recording orphan = Recording.requested(entered, null, "recordings", System.currentTimeMillis() - 60_000);
        recordings.claimLaunch(orphan, System.currentTimeMillis() - 60_000);
        awaitRecording(session, r -> "active".equals(r.get("status")));
        assertEquals(1, count("StartRoomCompositeEgress " + room));
    }

    @Test
    void onlyStaffWhoMaySeeTheSessionReadTheCatalogue() {
        given().when().get("/api/recordings?sessionId=s1").then().statusCode(401);
        given().auth().oauth2(StaffTokens.token("p", "participant")).when().get("/api/recordings?sessionId=s1")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(StaffTokens.token("v", "visitor")).when().get("/api/recordings/x-1").then().statusCode(403);
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/recordings").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/recordings/none-such").then().statusCode(404);
        // whether an experimenter may see the session is experiment-service's to say; here it cannot be asked
        given().auth().oauth2(StaffTokens.experimenter("erin")).when().get("/api/recordings?sessionId=s1").then().statusCode(503);
    }

    private void start(String room, String session) {
        KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service", new RoomStarted(room, session, "e1", 1,
                List.of(new RoomStarted.Member("p-ann", "a"), new RoomStarted.Member("p-bob", "b")), System.currentTimeMillis()),
                Instant.now()));
        Awaitility.await().atMost(WAIT).until(() -> liveKit.rooms().containsKey(room));
    }

    static CloudEvent entered(String room, String session, int index, String stateId, long startsAt, long seq, String recording) {
        return CloudEvent.of("/experiment-service", new RoomStateChanged(room, session, "e1", index, stateId, startsAt, null,
                null, RoomStateChanged.ENTER, seq, false, recording), Instant.now());
    }

    private long count(String call) {
        return liveKit.calls().stream().filter(call::equals).count();
    }

    private static JsonPath catalogue(String session) {
        return given().auth().oauth2(StaffTokens.admin()).when().get("/api/recordings?sessionId=" + session)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitRecording(String session, java.util.function.Predicate<Map<String, Object>> match) {
        return Awaitility.await().atMost(WAIT).until(() -> catalogue(session),
                j -> j.<Map<String, Object>>getList("$").stream().anyMatch(match));
    }

    private List<ConsumerRecord<String, CloudEvent>> recordingEvents(String room, int expected) {
        var events = Awaitility.await().atMost(WAIT).until(() -> KafkaEvents.collect(bootstrap, Topics.MEDIA,
                r -> room.equals(r.key()), Duration.ofSeconds(2)), found -> found.size() >= expected);
        assertEquals(expected, events.size(), "each event once");
        for (var e : events) {
            assertNotNull(e.value().data());
        }
        return events;
    }
}
