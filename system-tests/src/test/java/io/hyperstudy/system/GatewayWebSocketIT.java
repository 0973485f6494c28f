package io.hyperstudy.system;

import io.hyperstudy.model.live.SyncPods;
import io.hyperstudy.model.sync.Hello;
import io.hyperstudy.model.sync.Ping;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.testinfra.StaffTokens;
import io.hyperstudy.testinfra.WebSocketProbe;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A room socket opened at the gateway is spliced to sync-service and carries frames both ways. */
class GatewayWebSocketIT {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void framesFlowBothWaysThroughTheGateway() {
        Platform platform = Platform.get();
        String roomId = "room-" + UUID.randomUUID();
        try (var ws = WebSocketProbe.open(platform.gatewayWs("/ws/rooms/" + roomId),
                Map.of("Authorization", "Bearer " + StaffTokens.token("erin", "admin")))) {
            var hello = assertInstanceOf(Hello.class, SyncCodec.decode(ws.next(WAIT)));
            assertEquals(roomId, hello.roomId());
            assertInstanceOf(Timeline.class, SyncCodec.decode(ws.next(WAIT)));
            var ping = assertInstanceOf(Ping.class, SyncCodec.decode(ws.nextContaining("\"type\":\"ping\"", WAIT)));
            ws.send("{\"v\":2,\"type\":\"pong\",\"id\":" + ping.id() + ",\"clientReceive\":1,\"clientSend\":2}");
            ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"load\",\"mediaId\":\"through-gw\"}");
            var timeline = (Timeline) SyncCodec.decode(ws.nextContaining("through-gw", WAIT));
            assertEquals("through-gw", timeline.mediaId());
            ws.send("{\"v\":2,\"type\":\"nonsense\"}");
            assertTrue(ws.nextContaining("\"error\"", WAIT).contains("unknown-type"));
        }
    }

    @Test
    void theBackendsFirstFramesAreNeverLostWhileTheClientsSideIsUpgraded() {
        // sync-service sends its hello the moment its side opens, which is before the gateway has upgraded the
        // client's side: those frames must wait, not be dropped (seen as a missing hello, now and then)
        Platform platform = Platform.get();
        for (int i = 0; i < 30; i++) {
            String roomId = "room-" + UUID.randomUUID();
            try (var ws = WebSocketProbe.open(platform.gatewayWs("/ws/rooms/" + roomId),
                    Map.of("Authorization", "Bearer " + StaffTokens.token("erin", "admin")))) {
                assertInstanceOf(Hello.class, SyncCodec.decode(ws.next(WAIT)), "connection " + i + ": hello first");
                assertInstanceOf(Timeline.class, SyncCodec.decode(ws.next(WAIT)), "connection " + i + ": then the timeline");
            }
        }
    }

    @Test
    void aPodsCloseDuringTheUpgradeReachesTheClientAtOnce() throws Exception {
        // rooms another pod holds (their leases in Redis): the platform's pod sends each socket away (4503) the
        // moment it opens, under load often before the gateway has upgraded the client's side. That close must
        // reach the client at once, not leave it on a socket nobody answers until its watchdog gives up (seen in
        // every failover: a room's clients came back seconds late)
        Platform platform = Platform.get();
        ExecutorService clients = Executors.newFixedThreadPool(40);
        try {
            List<Future<Integer>> closes = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                String roomId = "held-" + UUID.randomUUID();
                RedisKeys.set(SyncPods.ownerKey(roomId), "elsewhere|1", 60_000);
                Map<String, String> headers = someone("held-", i);
                closes.add(clients.submit(() -> {
                    try (var ws = WebSocketProbe.open(platform.gatewayWs("/ws/rooms/" + roomId), headers)) {
                        return ws.awaitClose(Duration.ofSeconds(2));
                    } catch (java.util.concurrent.CompletionException silent) {
                        return -1; // still open, and silent
                    }
                }));
            }
            for (int i = 0; i < closes.size(); i++) {
                assertEquals(SyncPods.CLOSE_RECONNECT, closes.get(i).get(30, TimeUnit.SECONDS), "connection " + i + " (-1: left open and silent)");
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void theGatewayHoldsMoreThanFiftySocketsToOnePod() throws Exception {
        // Vert.x's WebSocket client holds 50 connections per host unless told otherwise: the 51st socket to a pod
        // waited, unanswered, for one of the others to close
        Platform platform = Platform.get();
        List<WebSocketProbe> open = new ArrayList<>();
        try {
            String roomId = "crowded-" + UUID.randomUUID();
            for (int i = 0; i < 70; i++) {
                open.add(WebSocketProbe.open(platform.gatewayWs("/ws/rooms/" + roomId), someone("crowd-", i)));
            }
            for (int i = 0; i < open.size(); i++) {
                assertInstanceOf(Hello.class, SyncCodec.decode(open.get(i).next(WAIT)), "socket " + i + " is answered");
            }
        } finally {
            open.forEach(WebSocketProbe::close);
        }
    }

    /** Someone else, from somewhere else, as real participants are (the gateway limits each). */
    private static Map<String, String> someone(String name, int i) {
        return Map.of("Authorization", "Bearer " + StaffTokens.token(name + i, "admin"),
                "X-Forwarded-For", "10.9." + (i / 200) + "." + (i % 200 + 1));
    }

    @Test
    void theBackendsRefusalReachesTheClient() {
        Platform platform = Platform.get();
        assertEquals(401, WebSocketProbe.refusedStatus(platform.gatewayWs("/ws/rooms/r"), Map.of()));
        assertEquals(403, WebSocketProbe.refusedStatus(platform.gatewayWs("/ws/rooms/r"),
                Map.of("Authorization", "Bearer " + StaffTokens.token("pat", "participant"))));
    }

    @Test
    void aBrowserCarriesItsTokenInTheSubprotocol() throws Exception {
        Platform platform = Platform.get();
        Vertx vertx = Vertx.vertx();
        try {
            var uri = platform.gatewayWs("/ws/rooms/browser-room");
            var options = new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
                    .setURI(uri.getPath()).setSubProtocols(List.of("bearer-token-carrier",
                            "quarkus-http-upgrade#Authorization#Bearer " + StaffTokens.token("erin", "admin")));
            CompletableFuture<String> first = new CompletableFuture<>();
            CompletableFuture<String> protocol = new CompletableFuture<>();
            vertx.createWebSocketClient().connect(options).onComplete(ar -> {
                if (ar.failed()) {
                    first.completeExceptionally(ar.cause());
                    return;
                }
                protocol.complete(String.valueOf(ar.result().subProtocol()));
                // frames that beat this handler are lost, so wait for the presence a later arrival causes
                ar.result().textMessageHandler(frame -> {
                    if (frame.contains("\"presence\"") && frame.contains("ada-admin")) {
                        first.complete(frame);
                    }
                });
            });
            assertEquals("bearer-token-carrier", protocol.get(10, TimeUnit.SECONDS));
            try (var later = WebSocketProbe.open(uri, Map.of("Authorization", "Bearer " + StaffTokens.admin()))) {
                var presence = (io.hyperstudy.model.sync.Presence) SyncCodec.decode(first.get(10, TimeUnit.SECONDS));
                assertTrue(presence.members().stream().anyMatch(m -> m.participantId().equals("erin")),
                        "the token in the sub-protocol identified the caller: " + presence);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
