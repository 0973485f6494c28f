package io.hyperstudy.bench.latency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * From a room's decision in experiment-service to the frame on every client socket, on the running platform.
 * Rooms of {@code --size} participants (redeemed, matched, each on its room socket) go through five states:
 * a continue, a synced video on a 2 s timer, a continue, another video, a continue. Each client answers a
 * continue the moment its room frame asks for it, so every transition is decided by the last answer (or the
 * video's timer) and heard by every socket of the room. Per client and state change it records the room frame's
 * arrival against {@code decidedAt} (the server time the decision committed; the services run on this machine,
 * so both read one clock) and against the decision inside the transaction ({@code startsAt} minus the state
 * lead), and, for a video state, whether the timeline frame that starts the video arrived before its start
 * time (a late start, target 0).
 *
 * <pre>
 * DecisionLatency --token STAFF_TOKEN [--experiment http://127.0.0.1:8081] [--sync ws://127.0.0.1:8082]
 *                 [--rooms 200] [--size 4] [--ramp 20] [--lead 500] [--timeout 300]
 *                 [--sync-metrics http://127.0.0.1:9082/q/metrics]
 * </pre>
 */
public final class DecisionLatency {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> STATES = List.of("intro", "clip-1", "middle", "clip-2", "outro");
    private static final String DEFINITION = """
            {"roles":[{"id":"p","count":%d}],
             "states":[
               {"id":"intro","focus":{"type":"text","id":"go","text":"Ready?","continueButton":true},
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}},
               {"id":"clip-1","focus":{"type":"video","id":"v1","mediaId":"bench-clip-1","synced":true},
                "end":{"kind":"timer","seconds":2},"dropout":{"policy":"continue"}},
               {"id":"middle","focus":{"type":"text","id":"go","text":"Again?","continueButton":true},
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}},
               {"id":"clip-2","focus":{"type":"video","id":"v2","mediaId":"bench-clip-2","synced":true},
                "end":{"kind":"timer","seconds":2},"dropout":{"policy":"continue"}},
               {"id":"outro","focus":{"type":"text","id":"go","text":"Thanks","continueButton":true},
                "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}}]}""";

    private final Vertx vertx;
    private final HttpClient http;
    private final WebSocketClient ws;
    private final URI experiment;
    private final URI sync;
    private final String token;
    private final int rooms;
    private final int size;
    private final long leadMs;
    private final String syncMetrics;
    private final ConcurrentLinkedQueue<Double> commitToFrame = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Double> decisionToFrame = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Double> commitToTimeline = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Double> startMargin = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Double> pingTransit = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lateStarts = new AtomicInteger();
    private final AtomicInteger videoStarts = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger peakConnected = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger missedStates = new AtomicInteger();
    private final CountDownLatch done;

    private DecisionLatency(Map<String, String> args) {
        experiment = URI.create(args.getOrDefault("experiment", "http://127.0.0.1:8081"));
        sync = URI.create(args.getOrDefault("sync", "ws://127.0.0.1:8082"));
        token = args.get("token");
        rooms = Integer.parseInt(args.getOrDefault("rooms", "200"));
        size = Integer.parseInt(args.getOrDefault("size", "4"));
        leadMs = Long.parseLong(args.getOrDefault("lead", "500"));
        syncMetrics = args.getOrDefault("sync-metrics", "http://127.0.0.1:9082/q/metrics");
        done = new CountDownLatch(rooms * size);
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
        http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true));
        ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(rooms * size + 10));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        if (args.get("token") == null) {
            System.err.println("--token STAFF_TOKEN is required (bench/latency.sh gets one from Keycloak)");
            System.exit(2);
        }
        DecisionLatency bench = new DecisionLatency(args);
        try {
            bench.run(Long.parseLong(args.getOrDefault("ramp", "20")), Long.parseLong(args.getOrDefault("timeout", "300")));
        } finally {
            bench.vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private void run(long rampSeconds, long timeoutSeconds) throws Exception {
        String session = await(openSession());
        String sessionId = session.substring(0, session.indexOf(' '));
        String key = session.substring(session.indexOf(' ') + 1);
        int total = rooms * size;
        long spacing = Math.max(1, rampSeconds * 1000 / Math.max(1, rooms));
        System.out.printf(Locale.ROOT, "%d rooms x %d clients, a room's worth every %d ms%n", rooms, size, spacing);
        long started = System.currentTimeMillis();
        for (int r = 0; r < rooms; r++) {
            long at = r * spacing;
            vertx.setTimer(Math.max(1, at), id -> {
                for (int c = 0; c < size; c++) {
                    new Client(sessionId, key).start();
                }
            });
        }
        boolean all = done.await(timeoutSeconds, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "%d of %d clients finished in %.1f s (%d failed)%n", finished.get(), total,
                (System.currentTimeMillis() - started) / 1000.0, failures.get());
        report(all);
    }

    private void report(boolean all) {
        System.out.println();
        System.out.println("| measure | samples | p50 | p90 | p99 | max |");
        System.out.println("|---|---|---|---|---|---|");
        row("decision committed -> room frame on a socket", commitToFrame);
        row("decision made (startsAt - lead) -> room frame", decisionToFrame);
        row("decision committed -> timeline frame (video states)", commitToTimeline);
        row("timeline frame arrived ahead of the video's start", startMargin);
        row("ping frame stamped by sync-service -> received (the socket path alone)", pingTransit);
        System.out.println();
        System.out.printf(Locale.ROOT, "video starts: %d, heard after their start time: %d%n", videoStarts.get(),
                lateStarts.get());
        System.out.printf(Locale.ROOT, "state changes a client never saw: %d%n", missedStates.get());
        System.out.printf(Locale.ROOT, "sockets open at once, at most: %d (%d rooms)%n", peakConnected.get(),
                peakConnected.get() / size);
        if (!all) {
            System.out.println("NOT ALL CLIENTS FINISHED");
        }
        serverSide();
    }

    /** sync-service's own view of the first half: commit to live state received (its sync.live.lag timer). */
    private void serverSide() {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create(syncMetrics)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            System.out.println("sync-service, commit -> live state received (since it started):");
            response.body().lines().filter(l -> l.startsWith("sync_live_lag_seconds{") || l.startsWith("sync_live_lag_seconds_count"))
                    .forEach(l -> System.out.println("  " + l));
        } catch (Exception e) {
            System.out.println("sync-service metrics not read from " + syncMetrics + ": " + e.getMessage());
        }
    }

    private static void row(String what, ConcurrentLinkedQueue<Double> samples) {
        double[] v = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            System.out.printf("| %s | 0 | | | | |%n", what);
            return;
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n", what, v.length,
                pct(v, 0.5), pct(v, 0.9), pct(v, 0.99), v[v.length - 1]);
    }

    static double pct(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Publishes the experiment and opens a session; answers "sessionId key". */
    private Future<String> openSession() {
        ObjectNode body = JSON.createObjectNode().put("title", "Decision latency bench");
        try {
            body.set("definition", JSON.readTree(DEFINITION.formatted(size)));
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
        return call(HttpMethod.POST, experiment, "/api/experiments", token, body)
                .compose(e -> call(HttpMethod.POST, experiment, "/api/experiments/" + e.path("id").asText() + "/versions",
                        token, null).map(v -> e.path("id").asText()))
                .compose(id -> call(HttpMethod.POST, experiment, "/api/sessions", token,
                        JSON.createObjectNode().put("experimentId", id).put("version", 1)))
                .map(s -> {
                    String join = s.path("joinPath").asText();
                    return s.path("id").asText() + " " + join.substring(join.indexOf("key=") + 4);
                });
    }

    private Future<JsonNode> call(HttpMethod method, URI base, String path, String bearer, JsonNode body) {
        RequestOptions options = new RequestOptions().setMethod(method).setHost(base.getHost()).setPort(base.getPort())
                .setURI(path).putHeader("Content-Type", "application/json");
        if (bearer != null) {
            options.putHeader("Authorization", "Bearer " + bearer);
        }
        return http.request(options)
                .compose(req -> req.send(body == null ? Buffer.buffer() : Buffer.buffer(body.toString())))
                .compose(res -> res.body().compose(b -> {
                    if (res.statusCode() >= 400) {
                        return Future.failedFuture(path + " answered " + res.statusCode() + ": " + b);
                    }
                    try {
                        return Future.succeededFuture(b.length() == 0 ? JSON.nullNode() : JSON.readTree(b.getBytes()));
                    } catch (Exception e) {
                        return Future.failedFuture(e);
                    }
                }));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** One participant: redeem, heartbeat until matched, then only the socket (and its answers). */
    private final class Client {
        private final String sessionId;
        private final String key;
        private String pass;
        private String roomId;
        private String lastState;
        private final List<String> seen = new ArrayList<>();
        private final Map<String, Double> timelineArrival = new HashMap<>();
        private final Map<String, Long> stateCommit = new HashMap<>();
        private long heartbeatTimer = -1;
        private boolean over;

        Client(String sessionId, String key) {
            this.sessionId = sessionId;
            this.key = key;
        }

        void start() {
            ObjectNode body = JSON.createObjectNode().put("sessionId", sessionId).put("key", key);
            body.putObject("params").put("PROLIFIC_PID", "bench-" + UUID.randomUUID());
            call(HttpMethod.POST, experiment, "/api/participants/redeem", null, body).onSuccess(r -> {
                pass = r.path("pass").path("token").asText();
                heartbeatTimer = vertx.setPeriodic(1000, id -> heartbeat());
                heartbeat();
            }).onFailure(this::fail);
        }

        private void heartbeat() {
            if (roomId != null || over) {
                return;
            }
            call(HttpMethod.POST, experiment, "/api/participants/me/heartbeat", pass, null).onSuccess(status -> {
                if (status.hasNonNull("pass")) {
                    pass = status.path("pass").path("token").asText();
                }
                if (roomId == null && status.path("status").asText().equals("inRoom")) {
                    roomId = status.path("room").path("roomId").asText();
                    vertx.cancelTimer(heartbeatTimer);
                    connect();
                }
            }).onFailure(e -> { /* the next beat will do */ });
        }

        private void connect() {
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(sync.getHost()).setPort(sync.getPort())
                    .setURI("/ws/rooms/" + roomId).addHeader("Authorization", "Bearer " + pass);
            ws.connect(options).onSuccess(socket -> {
                peakConnected.accumulateAndGet(connected.incrementAndGet(), Math::max);
                socket.textMessageHandler(text -> onFrame(socket, text, System.currentTimeMillis()));
                socket.closeHandler(v -> finish(socket.closeStatusCode(), socket.closeReason()));
            }).onFailure(this::fail);
        }

        private void onFrame(WebSocket socket, String text, double receivedAt) {
            JsonNode m;
            try {
                m = JSON.readTree(text);
            } catch (Exception e) {
                return;
            }
            switch (m.path("type").asText()) {
                case "ping" -> {
                    pingTransit.add(receivedAt - m.path("serverTime").asDouble());
                    socket.writeTextMessage(JSON.createObjectNode().put("v", 2).put("type", "pong")
                        .put("id", m.path("id").asLong()).put("clientReceive", receivedAt)
                        .put("clientSend", (double) System.currentTimeMillis()).toString());
                }
                case "timeline" -> {
                    String media = m.path("mediaId").asText(null);
                    if (media != null && m.path("state").asText().equals("playing") && !timelineArrival.containsKey(media)) {
                        timelineArrival.put(media, receivedAt);
                        videoStarts.incrementAndGet();
                        double start = m.path("serverTime").asDouble();
                        startMargin.add(start - receivedAt);
                        if (receivedAt > start) {
                            lateStarts.incrementAndGet();
                        }
                    }
                }
                case "room" -> onRoom(m, receivedAt);
                case "outcome" -> over = true;
                default -> {
                }
            }
        }

        private void onRoom(JsonNode room, double receivedAt) {
            String state = room.path("stateId").asText(null);
            if (state == null || state.equals(lastState)) {
                if (state != null && room.path("mustSubmit").asBoolean()) {
                    answer(room);
                }
                return;
            }
            lastState = state;
            seen.add(state);
            long committed = room.path("decidedAt").asLong();
            stateCommit.put(state, committed);
            boolean firstFrameOfRoom = seen.size() == 1;
            if (!firstFrameOfRoom) {
                // the first frame of a room comes when the socket opens, not when the room was decided
                commitToFrame.add(receivedAt - committed);
                decisionToFrame.add(receivedAt - (room.path("startsAt").asLong() - leadMs));
            }
            for (JsonNode c : room.path("components")) {
                String media = c.path("mediaId").asText(null);
                if (media != null && timelineArrival.containsKey(media)) {
                    commitToTimeline.add(timelineArrival.get(media) - committed);
                }
            }
            if (room.path("mustSubmit").asBoolean()) {
                answer(room);
            }
        }

        private String answered;

        private void answer(JsonNode room) {
            String state = room.path("stateId").asText();
            if (state.equals(answered)) {
                return;
            }
            answered = state;
            ObjectNode body = JSON.createObjectNode();
            ObjectNode r = body.putArray("responses").addObject();
            r.put("id", UUID.randomUUID().toString()).put("stateId", state).put("componentId", "go")
                    .put("clientTime", System.currentTimeMillis());
            r.putNull("value");
            call(HttpMethod.POST, experiment, "/api/participants/me/responses", pass, body)
                    .onFailure(e -> System.err.println("answer refused: " + e.getMessage()));
        }

        private void finish(Short code, String reason) {
            connected.decrementAndGet();
            if (!over) {
                fail(new IllegalStateException("socket closed before the outcome (" + code + " " + reason + ")"));
                return;
            }
            List<String> expected = STATES.subList(STATES.indexOf(seen.get(0)), STATES.size());
            if (!seen.equals(expected)) {
                missedStates.addAndGet(expected.size() - (int) seen.stream().filter(expected::contains).count());
            }
            finished.incrementAndGet();
            done.countDown();
        }

        private void fail(Throwable e) {
            if (failures.incrementAndGet() <= 5) {
                System.err.println("client failed: " + e.getMessage());
            }
            done.countDown();
        }
    }
}
