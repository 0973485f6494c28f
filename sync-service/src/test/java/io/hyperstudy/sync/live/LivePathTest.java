package io.hyperstudy.sync.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.ParticipantLeft;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.live.LiveChannel;
import io.hyperstudy.model.live.LiveChat;
import io.hyperstudy.model.live.LiveRoom;
import io.hyperstudy.model.sync.Chat;
import io.hyperstudy.model.sync.Outcome;
import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.Presence;
import io.hyperstudy.model.sync.RoomState;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.sync.ws.RoomSocket;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.PassTokens;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.hyperstudy.testinfra.WebSocketProbe;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live path as experiment-service drives it: room states and chat published on Redis reach the room's
 * sockets, each as its role sees it, in order, without Kafka; a socket that opens late gets the current state
 * and the chat history at once; a participant whose part is over hears their outcome and is closed.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KafkaResource.class)
class LivePathTest {
    static final Duration WAIT = Duration.ofSeconds(5);

    @TestHTTPResource("/")
    URI base;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    URI room(String id) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/" + id);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    void publish(LiveRoom live) {
        LiveRooms.publish(redis, live);
    }

    void store(LiveRoom live) {
        LiveRooms.store(redis, live);
    }

    void chat(LiveChat chat) {
        redis.execute("RPUSH", LiveChannel.chatKey(chat.roomId()), LiveChannel.encode(chat));
        redis.execute("PUBLISH", LiveChannel.CHANNEL, LiveChannel.encode(new LiveChannel.Message(null, chat)));
    }

    static JsonNode component(String type, String id) {
        return JsonNodeFactory.instance.objectNode().put("type", type).put("id", id);
    }

    /** A room in state {@code index}: role a sees a chat and a rating, role b waits; staff see all. */
    static LiveRoom state(String roomId, long seq, int index, List<CloudEvent> events, Map<String, LiveRoom.Outcome> outcomes) {
        long now = System.currentTimeMillis();
        var a = new LiveRoom.View("Talk", true, List.of(component("chat", "talk"), component("rating", "mood")), true,
                List.of("talk"));
        var b = new LiveRoom.View("Talk", false, List.of(), false, List.of());
        var staff = new LiveRoom.View("Talk", true, List.of(component("chat", "talk"), component("rating", "mood")),
                false, List.of("talk"));
        return new LiveRoom(roomId, "s1", seq, "running", index, 3, "st" + index, now, now + 60_000, null, List.of(),
                List.of(new LiveRoom.Member("pa", "a", "present"), new LiveRoom.Member("pb", "b", "present")),
                outcomes, Map.of("a", a, "b", b, LiveRoom.STAFF_VIEW, staff), events, now);
    }

    static <T> T next(WebSocketProbe ws, Class<T> type, String wire) {
        // frames begin with their version and type (a room frame's components have types of their own)
        return type.cast(SyncCodec.decode(ws.nextContaining("{\"v\":2,\"type\":\"" + wire + "\"", WAIT)));
    }

    @Test
    void eachSocketGetsTheStateAsItsRoleSeesItAndLateSocketsGetItAtOnce() {
        String roomId = "room-" + UUID.randomUUID();
        try (var pa = WebSocketProbe.open(room(roomId), bearer(PassTokens.pass("pa", roomId, "a", false, Duration.ofMinutes(5))));
             var pb = WebSocketProbe.open(room(roomId), bearer(PassTokens.pass("pb", roomId, "b", false, Duration.ofMinutes(5))));
             var staff = WebSocketProbe.open(room(roomId), bearer(StaffTokens.admin()))) {
            for (var ws : List.of(pa, pb, staff)) {
                ws.nextContaining("\"type\":\"presence\"", WAIT);
            }
            publish(state(roomId, 1, 0, List.of(), Map.of()));
            RoomState seenByA = next(pa, RoomState.class, "room");
            assertEquals(1, seenByA.seq());
            assertTrue(seenByA.forMe() && seenByA.mustSubmit());
            assertEquals(List.of("talk"), seenByA.chats());
            RoomState seenByB = next(pb, RoomState.class, "room");
            assertFalse(seenByB.forMe(), "role b waits in this state");
            assertTrue(seenByB.components().isEmpty());
            RoomState seenByStaff = next(staff, RoomState.class, "room");
            assertEquals(2, seenByStaff.components().size());
            assertFalse(seenByStaff.mustSubmit(), "staff submit nothing");

            // an older or repeated state changes nothing; a newer one arrives in order
            publish(state(roomId, 1, 0, List.of(), Map.of()));
            publish(state(roomId, 2, 1, List.of(), Map.of()));
            assertEquals(2, next(pa, RoomState.class, "room").seq());

            chat(new LiveChat(roomId, "talk", "m-1", "pa", "a", "hello all", System.currentTimeMillis()));
            Chat delivered = next(staff, Chat.class, "chat");
            assertEquals("hello all", delivered.text());
            assertNull(delivered.history());
            assertEquals("m-1", next(pa, Chat.class, "chat").id());
            // b does not show the chat in this state, so it is not sent there
            assertTrue(pb.drain().stream().noneMatch(f -> f.contains("\"type\":\"chat\"")));

            try (var reloaded = WebSocketProbe.open(room(roomId),
                    bearer(PassTokens.pass("pa", roomId, "a", false, Duration.ofMinutes(5))))) {
                reloaded.nextContaining("\"type\":\"hello\"", WAIT);
                next(reloaded, Timeline.class, "timeline");
                RoomState current = next(reloaded, RoomState.class, "room");
                assertEquals(2, current.seq(), "a reload shows the current state at once");
                Chat history = next(reloaded, Chat.class, "chat");
                assertEquals("hello all", history.text());
                assertEquals(Boolean.TRUE, history.history());
                Presence presence = next(reloaded, Presence.class, "presence");
                assertTrue(presence.members().stream().anyMatch(m -> m.participantId().equals("pb") && m.online()));
                assertTrue(presence.members().stream().allMatch(m -> m.offsetErrorMs() == null && m.rate() == null),
                        "participants see who is there, not anyone's sync figures");
            }
        }
    }

    @Test
    void aStatesVideoLoadsAndPlaysInOneTimelineChange() {
        String roomId = "room-" + UUID.randomUUID();
        try (var pa = WebSocketProbe.open(room(roomId), bearer(PassTokens.pass("pa", roomId, "a", false, Duration.ofMinutes(5))))) {
            Timeline first = next(pa, Timeline.class, "timeline");
            long startsAt = System.currentTimeMillis() + 500;
            var entered = CloudEvent.of("/experiment-service", new RoomStateChanged(roomId, "s1", "e1", 1, "film",
                    startsAt, "clip-9", 2.0, RoomStateChanged.ENTER, 1, false, null), Instant.now());
            publish(state(roomId, 1, 1, List.of(entered), Map.of()));
            Timeline playing = next(pa, Timeline.class, "timeline");
            assertEquals("clip-9", playing.mediaId());
            assertEquals(PlaybackState.PLAYING, playing.state());
            assertEquals(startsAt, playing.serverTime(), 0.001);
            assertEquals(2.0, playing.position(), 0.001);
            assertEquals(first.seq() + 1, playing.seq(), "load and play are one change");
        }
    }

    @Test
    void aParticipantWhosePartIsOverHearsTheOutcomeThenTheSocketCloses() {
        String roomId = "room-" + UUID.randomUUID();
        try (var pa = WebSocketProbe.open(room(roomId), bearer(PassTokens.pass("pa", roomId, "a", false, Duration.ofMinutes(5))));
             var pb = WebSocketProbe.open(room(roomId), bearer(PassTokens.pass("pb", roomId, "b", false, Duration.ofMinutes(5))))) {
            pa.nextContaining("\"type\":\"presence\"", WAIT);
            publish(state(roomId, 3, 2, List.of(), Map.of("pa",
                    new LiveRoom.Outcome("completed", "C-123", "https://panel.example/done?cc=C-123"))));
            Outcome outcome = next(pa, Outcome.class, "outcome");
            assertEquals("completed", outcome.outcome());
            assertEquals("C-123", outcome.code());
            assertNotNull(outcome.completionUrl());
            assertEquals(RoomSocket.CLOSE_LEFT_ROOM, pa.awaitClose(WAIT));
            assertTrue(pb.isOpen(), "the others stay");
            long until = System.currentTimeMillis() + WAIT.toMillis();
            boolean offline = false;
            while (!offline && System.currentTimeMillis() < until) {
                offline = next(pb, Presence.class, "presence").members().stream()
                        .anyMatch(m -> m.participantId().equals("pa") && !m.online());
            }
            assertTrue(offline, "the others see pa go offline");
            // pa's pass still names the room, but the room remembers they left
            assertEquals(403, WebSocketProbe.refusedStatus(room(roomId),
                    bearer(PassTokens.pass("pa", roomId, "a", false, Duration.ofMinutes(5)))));
        }
    }

    @Test
    void aDepartureHeardBeforeTheLiveStateStillTellsTheOutcomeBeforeTheClose() throws Exception {
        String roomId = "room-" + UUID.randomUUID();
        try (var pa = WebSocketProbe.open(room(roomId), bearer(PassTokens.pass("pa", roomId, "a", false, Duration.ofMinutes(5))))) {
            pa.nextContaining("\"type\":\"presence\"", WAIT);
            // the durable log is first; the live state is stored a moment later and its announcement never comes
            KafkaEvents.send(bootstrap, CloudEvent.of("/experiment-service",
                    new ParticipantLeft("s1", roomId, "pa", "completed"), Instant.now()));
            Thread.sleep(300);
            store(state(roomId, 4, 2, List.of(), Map.of("pa",
                    new LiveRoom.Outcome("completed", "C-9", "https://panel.example/done?cc=C-9"))));
            Outcome outcome = next(pa, Outcome.class, "outcome");
            assertEquals("C-9", outcome.code());
            assertEquals(RoomSocket.CLOSE_LEFT_ROOM, pa.awaitClose(WAIT));
        }
    }

    @Test
    void staffGetEachClientsSyncFiguresEverySecond() {
        String roomId = "room-" + UUID.randomUUID();
        try (var pa = WebSocketProbe.open(room(roomId), bearer(PassTokens.pass("pa", roomId, "a", false, Duration.ofMinutes(5))));
             var staff = WebSocketProbe.open(room(roomId), bearer(StaffTokens.admin()))) {
            pa.answerPings(0);
            pa.send("{\"v\":2,\"type\":\"report\",\"clientTime\":" + System.currentTimeMillis()
                    + ",\"position\":0,\"rate\":1,\"paused\":true,\"buffering\":false}");
            staff.drain();
            long from = System.currentTimeMillis();
            Presence.Member figures = null;
            int frames = 0;
            while (System.currentTimeMillis() - from < 3500) {
                Presence p = next(staff, Presence.class, "presence");
                frames++;
                figures = p.members().stream().filter(m -> m.participantId().equals("pa")).findFirst().orElseThrow();
            }
            assertTrue(frames >= 3, "about one a second, got " + frames);
            assertTrue(figures.online());
            assertNotNull(figures.offsetErrorMs(), "offset error once pings are answered");
            assertNotNull(figures.reportAgeMs(), "age of the last report");
            assertTrue(figures.reportAgeMs() >= 0);
        }
    }

    @Test
    void anOpenSocketKeepsItsParticipantsPlaceInTheRoom() throws Exception {
        String roomId = "room-" + UUID.randomUUID();
        // seen a moment ago: old enough to see it refreshed, too recent for any experiment-service on the same
        // Redis (a developer's running platform) to let the stranger go as absent
        long longAgo = System.currentTimeMillis() - 2_000;
        redis.execute("ZADD", LiveChannel.ROOM_PRESENCE, String.valueOf(longAgo), roomId + "/pa");
        try (var pa = WebSocketProbe.open(room(roomId), bearer(PassTokens.pass("pa", roomId, "a", false, Duration.ofMinutes(5))));
             var stranger = WebSocketProbe.open(room(roomId), bearer(PassTokens.pass("px", roomId, "a", false, Duration.ofMinutes(5))))) {
            pa.nextContaining("\"type\":\"hello\"", WAIT);
            stranger.nextContaining("\"type\":\"hello\"", WAIT);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                    redis.sortedSet(String.class).zscore(LiveChannel.ROOM_PRESENCE, roomId + "/pa").orElse(0) > longAgo);
            // only members experiment-service still counts are refreshed: one it let go must come back itself
            assertTrue(redis.sortedSet(String.class).zscore(LiveChannel.ROOM_PRESENCE, roomId + "/px").isEmpty());
        } finally {
            redis.execute("ZREM", LiveChannel.ROOM_PRESENCE, roomId + "/pa");
        }
    }
}
