package io.hyperstudy.sync.ws;

import io.hyperstudy.model.sync.ErrorCode;
import io.hyperstudy.model.sync.ErrorFrame;
import io.hyperstudy.model.sync.Hello;
import io.hyperstudy.model.sync.Ping;
import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.Timeline;
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

    URI room(String id) {
        return URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/" + id);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
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
    void aClientIsGreetedPingedAndItsPongAccepted() {
        String roomId = "room-" + UUID.randomUUID();
        try (var ws = WebSocketProbe.open(room(roomId), bearer(StaffTokens.experimenter("erin")))) {
            var hello = assertInstanceOf(Hello.class, SyncCodec.decode(ws.next(WAIT)));
            assertEquals(roomId, hello.roomId());
            assertEquals("erin", hello.participantId());
            assertEquals("experimenter", hello.role());
            double now = System.currentTimeMillis();
            assertTrue(Math.abs(hello.serverTime() - now) < 2000, "server time is epoch milliseconds");
            assertInstanceOf(Timeline.class, SyncCodec.decode(ws.next(WAIT)));
            var ping = assertInstanceOf(Ping.class, SyncCodec.decode(ws.next(WAIT)));

            ws.send("{\"v\":1,\"type\":\"pong\",\"id\":" + ping.id() + ",\"clientReceive\":10.0,\"clientSend\":10.5}");
            ws.send("{\"v\":1,\"type\":\"pong\",\"id\":" + (ping.id() + 1000)
                    + ",\"clientReceive\":10.0,\"clientSend\":10.5}");
            var error = assertInstanceOf(ErrorFrame.class, SyncCodec.decode(ws.next(WAIT)));
            assertEquals(ErrorCode.INVALID, error.code(), "only the pong of an outstanding ping is accepted");
        }
    }

    @Test
    void badFramesGetAnErrorFrameAndTheConnectionSurvives() {
        try (var ws = WebSocketProbe.open(room("room-" + UUID.randomUUID()), bearer(StaffTokens.admin()))) {
            ws.next(WAIT);
            ws.next(WAIT);
            ws.next(WAIT);
            Map<String, ErrorCode> cases = Map.of(
                    "not json", ErrorCode.MALFORMED,
                    "[1,2]", ErrorCode.MALFORMED,
                    "{\"type\":\"report\"}", ErrorCode.UNSUPPORTED_VERSION,
                    "{\"v\":2,\"type\":\"report\"}", ErrorCode.UNSUPPORTED_VERSION,
                    "{\"v\":1,\"type\":\"teleport\"}", ErrorCode.UNKNOWN_TYPE,
                    "{\"v\":1,\"type\":\"hello\",\"roomId\":\"x\",\"participantId\":\"y\",\"role\":\"admin\",\"serverTime\":1}",
                    ErrorCode.UNKNOWN_TYPE,
                    "{\"v\":1,\"type\":\"report\",\"clientTime\":1,\"position\":-5,\"rate\":1,\"paused\":false,\"buffering\":false}",
                    ErrorCode.INVALID,
                    "{\"v\":1,\"type\":\"report\",\"clientTime\":1}", ErrorCode.INVALID,
                    "{\"v\":1,\"type\":\"command\",\"action\":\"rate\",\"rate\":99}", ErrorCode.INVALID,
                    "{\"v\":1,\"type\":\"pong\",\"id\":1,\"clientReceive\":1,\"clientSend\":1,\"extra\":true}",
                    ErrorCode.INVALID);
            for (var c : cases.entrySet()) {
                ws.send(c.getKey());
                var error = assertInstanceOf(ErrorFrame.class, SyncCodec.decode(ws.next(WAIT)), c.getKey());
                assertEquals(c.getValue(), error.code(), c.getKey());
            }
            ws.send("{\"v\":1,\"type\":\"report\",\"clientTime\":1,\"position\":0,\"rate\":1,\"paused\":false,"
                    + "\"buffering\":false,\"pad\":\"" + "x".repeat(5000) + "\"}");
            assertEquals(ErrorCode.TOO_LARGE,
                    ((ErrorFrame) SyncCodec.decode(ws.next(WAIT))).code());
            assertTrue(ws.isOpen(), "the connection survives bad frames");
        }
    }

    @Test
    void aCommandChangesTheTimelineOfEveryoneInTheRoomAndNoOneElse() {
        String roomId = "room-" + UUID.randomUUID();
        String token = StaffTokens.experimenter("erin");
        try (var host = WebSocketProbe.open(room(roomId), bearer(token));
             var peer = WebSocketProbe.open(room(roomId), bearer(StaffTokens.admin()));
             var elsewhere = WebSocketProbe.open(room("other-" + roomId), bearer(token))) {
            for (var ws : new WebSocketProbe[] {host, peer, elsewhere}) {
                ws.nextContaining("\"ping\"", WAIT);
            }
            double startAt = System.currentTimeMillis() + 1000;
            host.send("{\"v\":1,\"type\":\"command\",\"action\":\"load\",\"mediaId\":\"clip-7\"}");
            host.send("{\"v\":1,\"type\":\"command\",\"action\":\"play\",\"atServerTime\":" + startAt + "}");
            for (var ws : new WebSocketProbe[] {host, peer}) {
                ws.nextContaining("\"timeline\"", WAIT);
                var playing = (Timeline) SyncCodec.decode(ws.nextContaining("\"timeline\"", WAIT));
                assertEquals("clip-7", playing.mediaId());
                assertEquals(PlaybackState.PLAYING, playing.state());
                assertEquals(startAt, playing.serverTime(), 0.001, "play is anchored at the scheduled instant");
                assertEquals(0.0, playing.position(), 0.001);
            }
            assertTrue(elsewhere.drain().stream().noneMatch(f -> f.contains("clip-7")),
                    "another room hears nothing");
        }
    }
}
