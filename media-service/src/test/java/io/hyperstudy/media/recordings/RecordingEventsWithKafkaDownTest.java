package io.hyperstudy.media.recordings;

import com.google.cloud.firestore.Firestore;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RecordingCompleted;
import io.hyperstudy.model.events.RoomStarted;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.events.Topics;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaBroker;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.LiveKitResource;
import io.hyperstudy.testinfra.LiveKitStandIn;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Kafka down as a recording ends: LiveKit's report is still taken and the catalogue updated, and the
 * RecordingCompleted event waits in the catalogue until Kafka is back, then goes out once.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(LiveKitResource.class)
@WithTestResource(FirestoreResource.class)
class RecordingEventsWithKafkaDownTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/webhooks/livekit")
    URI webhook;

    @Inject
    Firestore firestore;

    @Test
    void aRecordingsCompletionIsPublishedOnceKafkaIsBack() throws Exception {
        LiveKitStandIn liveKit = LiveKitResource.shared();
        liveKit.webhooks().sendTo(webhook);
        String room = "room-" + UUID.randomUUID();
        String session = "s-" + UUID.randomUUID();
        KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service", new RoomStarted(room, session, "e1", 1, List.of(),
                System.currentTimeMillis()), Instant.now()));
        KafkaEvents.send(bootstrap, RecordingsTest.entered(room, session, 0, "call", System.currentTimeMillis(), 1,
                RoomStateChanged.RECORD_COMPOSITE));
        String egressId = Awaitility.await().atMost(WAIT).until(() -> status(session, "active"), id -> id != null);

        KafkaBroker.shared().stop();
        try {
            // the state's end cannot come through Kafka now; LiveKit ends the egress and reports it
            stopThroughLiveKit(liveKit, egressId);
            Awaitility.await().atMost(WAIT).until(() -> status(session, "complete") != null);
            // while Kafka is away the event is pending in the catalogue, however many sweeps pass
            String id = room + "-1";
            outlast();
            var doc = firestore.collection("recordings").document(id).get().get();
            assertEquals(true, doc.getBoolean("announcePending"));
            assertEquals(false, doc.getBoolean("endAnnounced"));
        } finally {
            KafkaBroker.shared().start();
        }
        var completed = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> KafkaEvents.collect(bootstrap,
                Topics.MEDIA, r -> room.equals(r.key()) && r.value().data() instanceof RecordingCompleted, Duration.ofSeconds(2)),
                found -> !found.isEmpty());
        assertEquals(1, completed.size(), "published once");
        assertEquals("complete", ((RecordingCompleted) completed.get(0).value().data()).status());
    }

    /** Keeps Kafka away while the event waits: long enough for a sweep or two. */
    void outlast() throws InterruptedException {
        Thread.sleep(4_000);
    }

    /** LiveKit ends an egress of its own accord (its limit, or an operator), as media-service would ask. */
    private static void stopThroughLiveKit(LiveKitStandIn liveKit, String egressId) throws Exception {
        var client = io.livekit.server.EgressServiceClient.Companion.createClient(liveKit.url(), LiveKitStandIn.API_KEY,
                LiveKitStandIn.API_SECRET);
        assertEquals(200, client.stopEgress(egressId).execute().code());
    }

    private static String status(String session, String wanted) {
        var json = given().auth().oauth2(StaffTokens.admin()).when().get("/api/recordings?sessionId=" + session)
                .then().statusCode(200).extract().jsonPath();
        return wanted.equals(json.getString("[0].status")) ? json.getString("[0].egressId") : null;
    }
}
