package io.hyperstudy.sync.ws;

import io.hyperstudy.model.sync.ErrorCode;
import io.hyperstudy.model.sync.ErrorFrame;
import io.hyperstudy.model.sync.Hello;
import io.hyperstudy.model.sync.Ping;
import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.Presence;
import io.hyperstudy.model.sync.SeekCommand;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.SyncMessage;
import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.model.events.SyncQualityReported;
import io.hyperstudy.model.events.Topics;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.hyperstudy.testinfra.WebSocketProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KafkaResource.class)
class RoomSocketTest {
    static final Duration WAIT = Duration.ofSeconds(5);

    @TestHTTPResource("/")
    URI base;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    URI room(String id) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/" + id);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    static <T extends SyncMessage> T next(WebSocketProbe ws, Class<T> type, String wireType) {
        return type.cast(SyncCodec.decode(ws.nextContaining("\"type\":\"" + wireType + "\"", WAIT)));
    }

    @Test
    void theUpgradeIsRefusedWithoutAStaffToken() {
        assertEquals(401, WebSocketProbe.refusedStatus(room("r1"), Map.of()));
        assertEquals(401, WebSocketProbe.refusedStatus(room("r1"), bearer("garbage")));
        assertEquals(401, WebSocketProbe.refusedStatus(room("r1"),
                bearer(StaffTokens.expired("erin", "experimenter"))));
        assertEquals(403, WebSocketProbe.refusedStatus(room("r1"), bearer(StaffTokens.token("pat", "participant"))));
    }

    @Test
    void aClientIsGreetedAndPingedAndOnlyAnsweredPingsCount() {
        String roomId = "room-" + UUID.randomUUID();
        try (var ws = WebSocketProbe.open(room(roomId), bearer(StaffTokens.token("erin", "admin")))) {
            var hello = assertInstanceOf(Hello.class, SyncCodec.decode(ws.next(WAIT)));
            assertEquals(roomId, hello.roomId());
            assertEquals("erin", hello.participantId());
            assertEquals("admin", hello.role());
            assertTrue(Math.abs(hello.serverTime() - System.currentTimeMillis()) < 2000, "server time is epoch ms");
            assertInstanceOf(Timeline.class, SyncCodec.decode(ws.next(WAIT)));
            Ping ping = next(ws, Ping.class, "ping");
            ws.send("{\"v\":2,\"type\":\"pong\",\"id\":" + (ping.id() + 100_000)
                    + ",\"clientReceive\":10.0,\"clientSend\":10.5}");
            var error = next(ws, ErrorFrame.class, "error");
            assertEquals(ErrorCode.INVALID, error.code(), "only the pong of an outstanding ping is accepted");
        }
    }

    @Test
    void badFramesGetAnErrorFrameAndTheConnectionSurvives() {
        try (var ws = WebSocketProbe.open(room("room-" + UUID.randomUUID()), bearer(StaffTokens.admin()))) {
            next(ws, Hello.class, "hello");
            Map<String, ErrorCode> cases = Map.of(
                    "not json", ErrorCode.MALFORMED,
                    "[1,2]", ErrorCode.MALFORMED,
                    "{\"type\":\"report\"}", ErrorCode.UNSUPPORTED_VERSION,
                    "{\"v\":3,\"type\":\"report\"}", ErrorCode.UNSUPPORTED_VERSION,
                    "{\"v\":2,\"type\":\"teleport\"}", ErrorCode.UNKNOWN_TYPE,
                    "{\"v\":2,\"type\":\"hello\",\"roomId\":\"x\",\"participantId\":\"y\",\"role\":\"admin\",\"serverTime\":1}",
                    ErrorCode.UNKNOWN_TYPE,
                    "{\"v\":2,\"type\":\"report\",\"clientTime\":1,\"position\":-5,\"rate\":1,\"paused\":false,\"buffering\":false}",
                    ErrorCode.INVALID,
                    "{\"v\":2,\"type\":\"report\",\"clientTime\":1}", ErrorCode.INVALID,
                    "{\"v\":2,\"type\":\"command\",\"action\":\"rate\",\"rate\":99}", ErrorCode.INVALID,
                    "{\"v\":2,\"type\":\"pong\",\"id\":1,\"clientReceive\":1,\"clientSend\":1,\"extra\":true}",
                    ErrorCode.INVALID);
            for (var c : cases.entrySet()) {
                ws.send(c.getKey());
                assertEquals(c.getValue(), next(ws, ErrorFrame.class, "error").code(), c.getKey());
            }
            ws.send("{\"v\":2,\"type\":\"report\",\"clientTime\":1,\"position\":0,\"rate\":1,\"paused\":false,"
                    + "\"buffering\":false,\"pad\":\"" + "x".repeat(5000) + "\"}");
            assertEquals(ErrorCode.TOO_LARGE, next(ws, ErrorFrame.class, "error").code());
            assertTrue(ws.isOpen(), "the connection survives bad frames");
            next(ws, Ping.class, "ping");
        }
    }

    @Test
    void aFloodingClientIsRateLimitedThenDisconnected() {
        try (var ws = WebSocketProbe.open(room("room-" + UUID.randomUUID()), bearer(StaffTokens.admin()))) {
            next(ws, Hello.class, "hello");
            String report = "{\"v\":2,\"type\":\"report\",\"clientTime\":1,\"position\":0,\"rate\":1,\"paused\":true,"
                    + "\"buffering\":false}";
            for (int i = 0; i < 200 && ws.isOpen(); i++) {
                try {
                    ws.send(report);
                } catch (RuntimeException closed) {
                    break;
                }
            }
            assertTrue(ws.nextContaining("rate-limited", WAIT).contains("\"error\""), "refused frames are told why");
            assertEquals(RoomSocket.CLOSE_FLOODING, ws.awaitClose(WAIT));
        }
    }

    @Test
    void aCommandReachesEveryoneInTheRoomWithEachClientsOwnSeek() throws InterruptedException {
        String roomId = "room-" + UUID.randomUUID();
        String token = StaffTokens.token("erin", "admin");
        try (var host = WebSocketProbe.open(room(roomId), bearer(token));
             var peer = WebSocketProbe.open(room(roomId), bearer(StaffTokens.admin()));
             var elsewhere = WebSocketProbe.open(room("other-" + roomId), bearer(token))) {
            double offset = 250_000;
            Presence presence = next(host, Presence.class, "presence");
            if (presence.members().size() < 2) {
                presence = next(host, Presence.class, "presence");
            }
            assertEquals(2, presence.members().size(), "the host hears the peer arrive");
            host.answerPings(0);
            peer.answerPings(offset);
            Thread.sleep(1500);
            double startAt = System.currentTimeMillis() + 1500;
            host.send("{\"v\":2,\"type\":\"command\",\"action\":\"load\",\"mediaId\":\"clip-7\"}");
            host.send("{\"v\":2,\"type\":\"command\",\"action\":\"play\",\"atServerTime\":" + startAt + "}");
            for (var ws : new WebSocketProbe[] {host, peer}) {
                var playing = (Timeline) SyncCodec.decode(ws.nextContaining("\"state\":\"playing\"", WAIT));
                assertEquals("clip-7", playing.mediaId());
                assertEquals(PlaybackState.PLAYING, playing.state());
                assertEquals(startAt, playing.serverTime(), 0.001, "play is anchored at the scheduled instant");
            }
            // each client is told when to start on its own clock: the peer's runs 250 s ahead
            // the load put each client at 0 paused, now; the play tells each when to start
            SeekCommand hostSeek = seekLandingAfter(host, startAt - 500);
            SeekCommand peerSeek = seekLandingAfter(peer, startAt + offset - 500);
            assertEquals(startAt, hostSeek.atClientTime(), 25);
            assertEquals(startAt + offset, peerSeek.atClientTime(), 25);
            assertEquals(0.0, peerSeek.position(), 0.001);
            assertTrue(elsewhere.drain().stream().noneMatch(f -> f.contains("clip-7")), "another room hears nothing");
        }
    }

    @Test
    void aClientThatIsNotPlayingWhenItShouldIsSeekedOnItsOwnClock() throws InterruptedException {
        String roomId = "room-" + UUID.randomUUID();
        try (var ws = WebSocketProbe.open(room(roomId), bearer(StaffTokens.token("erin", "admin")))) {
            double offset = -40_000;
            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"load\",\"mediaId\":\"m\"}");
            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"play\",\"position\":60000}");
            var timeline = (Timeline) SyncCodec.decode(ws.nextContaining("\"state\":\"playing\"", WAIT));
            ws.answerPings(offset);
            Thread.sleep(1500);
            double clientNow = System.currentTimeMillis() + offset;
            ws.send("{\"v\":2,\"type\":\"report\",\"clientTime\":" + clientNow + ",\"position\":0,\"rate\":1,"
                    + "\"paused\":true,\"buffering\":false}");
            SeekCommand seek = next(ws, SeekCommand.class, "seek");
            double landsAtServer = seek.atClientTime() - offset;
            assertTrue(landsAtServer > System.currentTimeMillis(), "the seek lands in the future, time to prepare");
            assertEquals(timeline.position() + (landsAtServer - timeline.serverTime()), seek.position(), 5,
                    "where the room will be when the client's clock reads atClientTime");
            assertEquals(1.0, seek.rate(), 0.05);
        }
    }

    @Test
    void aClosedConnectionPublishesItsSyncQuality() throws InterruptedException {
        String roomId = "room-" + UUID.randomUUID();
        Timeline timeline;
        try (var ws = WebSocketProbe.open(room(roomId), bearer(StaffTokens.token("quinn", "admin")))) {
            ws.answerPings(0);
            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"load\",\"mediaId\":\"m\"}");
            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"play\"}");
            timeline = (Timeline) SyncCodec.decode(ws.nextContaining("\"state\":\"playing\"", WAIT));
            Thread.sleep(1000);
            for (int i = 0; i < 6; i++) {
                double now = System.currentTimeMillis();
                double onTime = timeline.position() + (now - timeline.serverTime());
                ws.send("{\"v\":2,\"type\":\"report\",\"clientTime\":" + now + ",\"position\":" + onTime
                        + ",\"rate\":1,\"paused\":false,\"buffering\":false}");
                Thread.sleep(250);
            }
        }
        var record = KafkaEvents.await(bootstrap, Topics.SYNC_QUALITY,
                r -> r.value().data() instanceof SyncQualityReported q && q.roomId().equals(roomId),
                Duration.ofSeconds(30));
        var quality = (SyncQualityReported) record.value().data();
        assertEquals(roomId, record.key(), "keyed by room");
        assertEquals("quinn", quality.participantId());
        assertEquals(6, quality.positionSamples());
        assertTrue(quality.positionErrorP95Ms() < 20, "an on-time player is reported on time: " + quality);
        assertTrue(quality.disconnectedAt() >= quality.connectedAt() + 2000);
    }

    private static SeekCommand seekLandingAfter(WebSocketProbe ws, double clientTime) {
        while (true) {
            SeekCommand seek = next(ws, SeekCommand.class, "seek");
            if (seek.atClientTime() > clientTime) {
                return seek;
            }
        }
    }
}
