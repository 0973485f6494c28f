package io.hyperstudy.media.events;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RoomEnded;
import io.hyperstudy.model.events.RoomStarted;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.LiveKitResource;
import io.hyperstudy.testinfra.LiveKitStandIn;
import io.livekit.server.RoomServiceClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rooms started and ended through Kafka open and close their LiveKit rooms, over LiveKit's real wire
 * protocol (a stand-in server: Twirp, protobuf, token checks); redelivered events change nothing.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(LiveKitResource.class)
@WithTestResource(FirestoreResource.class)
class RoomEventsConsumerTest {
    static final Duration WAIT = Duration.ofSeconds(20);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aStartedRoomGetsItsLiveKitRoomAndAnEndedOneHasItClosedOnceEach() {
        LiveKitStandIn liveKit = LiveKitResource.shared();
        String room = "room-" + UUID.randomUUID();
        var started = CloudEvent.of("/experiment-service", new RoomStarted(room, "s1", "e1", 1,
                List.of(new RoomStarted.Member("p1", "a"), new RoomStarted.Member("p2", "b")), System.currentTimeMillis()),
                Instant.now());
        KafkaEvents.send(bootstrap, started);
        Awaitility.await().atMost(WAIT).until(() -> liveKit.rooms().containsKey(room));
        assertEquals(12, liveKit.rooms().get(room).getMaxParticipants(), "the members and room for observers");

        KafkaEvents.send(bootstrap, started);
        var ended = CloudEvent.of("/experiment-service", new RoomEnded(room, "s1", "completed", System.currentTimeMillis()),
                Instant.now());
        KafkaEvents.send(bootstrap, ended);
        KafkaEvents.send(bootstrap, ended);
        Awaitility.await().atMost(WAIT).until(() -> liveKit.calls().stream().filter(c -> c.equals("DeleteRoom " + room))
                .count() == 2);
        assertEquals(false, liveKit.rooms().containsKey(room));
        assertEquals(2, liveKit.calls().stream().filter(c -> c.equals("CreateRoom " + room)).count(),
                "the redelivered start asked again, harmlessly");
    }

    @Test
    void theStandInRefusesCallsWithoutTheRightApiSecret() throws Exception {
        var wrong = RoomServiceClient.Companion.createClient(LiveKitResource.shared().url(), LiveKitStandIn.API_KEY,
                "a-different-secret-that-is-long-enough-too");
        assertEquals(401, wrong.listRooms(null).execute().code());
        var right = RoomServiceClient.Companion.createClient(LiveKitResource.shared().url(), LiveKitStandIn.API_KEY,
                LiveKitStandIn.API_SECRET);
        assertEquals(200, right.listRooms(null).execute().code());
    }
}
