package io.hyperstudy.bots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * A participant that speaks the participant API, as the browser app does: it redeems a session link,
 * sends heartbeats while it waits, follows its room through each state, answers the state's focus
 * component with a valid response (a rating, every question of a questionnaire, a continue, an
 * arrival) and, for a continuous rating, sends samples in batches; it stops when its part ends.
 * Every response carries a fresh client id, and a failed request is retried with the same ids.
 *
 * <p>{@link #overSocket()} bots follow their room as the browser app does once matched: on the room socket
 * (room frames, timeline, chat, presence, outcome), answering pings and reporting a perfect player's position
 * while a video plays. The open socket keeps its place in the room; it heartbeats only every 10 s, to renew
 * its pass, and once when it comes back. A bot that goes silent drops its socket and comes back on a new
 * one, as a reloaded tab does.
 */
public final class Bot implements Callable<BotResult> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String sessionId;
    private final String key;
    private final Map<String, String> params;
    private final Behaviour behaviour;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final Duration RETRY_FOR = Duration.ofSeconds(60);
    /** This bot's own resume secret: 128 random bits, URL-safe, as the participant app makes one. */
    private final String resume = newSecret();

    private String pass;
    private String participantId;
    private String role;
    private String roomId;
    private final List<String> states = new ArrayList<>();
    private int responses;
    private String answeredState;
    private boolean wentSilent;
    private boolean socket;

    /**
     * @param base    the platform's address (the gateway, or experiment-service itself)
     * @param timeout how long the bot lets its part take before giving up
     */
    public Bot(URI base, String sessionId, String key, Map<String, String> params, Behaviour behaviour, Duration timeout) {
        this.base = base;
        this.sessionId = sessionId;
        this.key = key;
        this.params = params;
        this.behaviour = behaviour;
        this.timeout = timeout;
    }

    /** Follows the room on its socket (through the same base address) rather than by heartbeats. */
    public Bot overSocket() {
        this.socket = true;
        return this;
    }

    @Override
    public BotResult call() throws Exception {
        // as the participant app does: its own resume secret from the first redeem, so that a redeem retried
        // after a lost answer (a 503 from a store that had committed) finds its participant instead of a 409
        ObjectNode body = JSON.createObjectNode().put("sessionId", sessionId).put("key", key).put("resume", resume);
        body.set("params", JSON.valueToTree(params));
        JsonNode redeemed = post("/api/participants/redeem", body, null);
        pass = redeemed.path("pass").path("token").asText();
        JsonNode status = redeemed.path("status");
        participantId = status.path("participantId").asText();
        long giveUpAt = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < giveUpAt) {
            if (status.hasNonNull("pass")) {
                pass = status.path("pass").path("token").asText();
            }
            role = status.path("role").asText(role);
            String where = status.path("status").asText();
            if (where.equals("finished")) {
                return new BotResult(participantId, role, roomId, List.copyOf(states), responses,
                        status.path("outcome").asText(null), status.path("code").asText(null),
                        status.path("completionUrl").asText(null), null);
            }
            if (where.equals("consent")) {
                // a bot reads no form: it accepts, as a participant who goes on would
                status = post("/api/participants/me/consent", JSON.createObjectNode().put("accepted", true), pass);
                continue;
            }
            if (where.equals("inRoom") && socket) {
                return new SocketFollower(status, giveUpAt).follow();
            }
            if (where.equals("inRoom")) {
                act(status.path("room"), status.path("serverTime").asLong());
            }
            Thread.sleep(behaviour.heartbeat().toMillis());
            status = post("/api/participants/me/heartbeat", null, pass);
        }
        throw new IllegalStateException("bot " + participantId + " did not finish within " + timeout + "; states " + states);
    }

    private void act(JsonNode room, long serverTime) throws Exception {
        roomId = room.path("roomId").asText(roomId);
        String stateId = room.path("stateId").asText(null);
        if (stateId != null && (states.isEmpty() || !states.get(states.size() - 1).equals(stateId))) {
            states.add(stateId);
        }
        if (stateId != null && stateId.equals(behaviour.silentInState()) && !wentSilent) {
            wentSilent = true;
            if (behaviour.neverReturn()) {
                Thread.sleep(timeout.toMillis());
                throw new IllegalStateException("a vanished bot does not come back");
            }
            Thread.sleep(behaviour.silentFor().toMillis());
            return;
        }
        boolean running = room.path("status").asText().equals("running");
        long startsAt = room.path("startsAt").asLong();
        if (!running || !room.path("forMe").asBoolean() || serverTime < startsAt
                || room.path("submitted").asBoolean() || stateId == null || stateId.equals(answeredState)) {
            return;
        }
        if (serverTime - startsAt < behaviour.answerDelay().toMillis()) {
            return;
        }
        JsonNode state = room.path("state");
        ArrayNode batch = JSON.createArrayNode();
        for (JsonNode global : state.path("globals")) {
            answer(global, stateId, batch);
        }
        answer(state.path("focus"), stateId, batch);
        if (!batch.isEmpty()) {
            try {
                post("/api/participants/me/responses", JSON.createObjectNode().set("responses", batch), pass);
                responses += batch.size();
            } catch (IllegalStateException refused) {
                // the room moved on meanwhile (409; or a retry after a lost answer found it finished): the next
                // status says where it is
            }
        }
        answeredState = stateId;
    }

    /** Whether a room frame asks this bot for responses it has not given yet. */
    private boolean shouldAnswer(JsonNode room, String stateId) {
        if (stateId == null || stateId.equals(answeredState) || !room.path("forMe").asBoolean()
                || !room.path("status").asText().equals("running")) {
            return false;
        }
        boolean anySubmittable = false;
        for (JsonNode c : room.path("components")) {
            String type = c.path("type").asText();
            anySubmittable |= type.equals("wait") || type.equals("questionnaire") || type.equals("chat")
                    || (type.equals("text") && c.path("continueButton").asBoolean())
                    || (type.equals("rating") && !c.path("scale").asText().equals("continuous"));
        }
        // a state it submitted before a reload says mustSubmit false: nothing to send again
        return room.path("mustSubmit").asBoolean() || !anySubmittable;
    }

    private void answer(JsonNode component, String stateId, ArrayNode batch) {
        String type = component.path("type").asText();
        String id = component.path("id").asText();
        switch (type) {
            case "text" -> {
                if (component.path("continueButton").asBoolean()) {
                    batch.add(response(stateId, id, JSON.nullNode()));
                }
            }
            case "wait" -> batch.add(response(stateId, id, JSON.nullNode()));
            case "rating" -> {
                double min = component.path("min").asDouble();
                double max = component.path("max").asDouble();
                if (component.path("scale").asText().equals("continuous")) {
                    for (int i = 0; i < 5; i++) {
                        batch.add(response(stateId, id, JSON.getNodeFactory().numberNode(min + (max - min) * i / 4)));
                    }
                } else {
                    batch.add(response(stateId, id, JSON.getNodeFactory().numberNode(max)));
                }
            }
            case "questionnaire" -> {
                ObjectNode answers = JSON.createObjectNode();
                for (JsonNode q : component.path("questions")) {
                    String qid = q.path("id").asText();
                    switch (q.path("kind").asText()) {
                        case "multipleChoice" -> answers.put(qid, q.path("options").get(0).asText());
                        case "likert" -> answers.put(qid, q.path("points").asInt());
                        default -> answers.put(qid, "answered by " + participantId);
                    }
                }
                batch.add(response(stateId, id, answers));
            }
            case "chat" -> batch.add(response(stateId, id, JSON.createObjectNode().put("text", "hello from " + participantId)));
            default -> {
                // video, image and calls take no responses
            }
        }
    }

    private ObjectNode response(String stateId, String componentId, JsonNode value) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", UUID.randomUUID().toString());
        r.put("stateId", stateId);
        r.put("componentId", componentId);
        r.set("value", value);
        r.put("clientTime", System.currentTimeMillis());
        return r;
    }

    private static String newSecret() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    private JsonNode post(String path, JsonNode body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        // a service that did not answer (5xx, no connection) is asked again with backoff for up to a minute, as
        // the participant app does; a redeem is safe to repeat (the bot's resume secret finds its participant)
        IOException last = null;
        long giveUpAt = System.currentTimeMillis() + RETRY_FOR.toMillis();
        for (int attempt = 0; attempt == 0 || System.currentTimeMillis() < giveUpAt; attempt++) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() >= 500) {
                    last = new IOException(path + " answered " + response.statusCode() + ": " + response.body());
                } else if (response.statusCode() >= 400) {
                    throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
                } else {
                    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(Math.min(5_000L, 200L << Math.min(attempt, 5)));
        }
        throw last;
    }

    /** Follows the room on its socket until the outcome frame and the close that follows it. */
    private final class SocketFollower {
        private static final long REPORT_EVERY_MS = 250;
        private static final long BACKSTOP_HEARTBEAT_MS = 10_000;
        private final long giveUpAt;
        private final List<Long> roomSeqs = new ArrayList<>();
        private final List<String> roomStates = new ArrayList<>();
        private final List<Long> timelineSeqs = new ArrayList<>();
        private final List<String> playing = new ArrayList<>();
        private final List<String> chats = new ArrayList<>();
        private final List<List<String>> online = new ArrayList<>();
        private final java.util.concurrent.atomic.AtomicBoolean silent = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicReference<JsonNode> finished = new java.util.concurrent.atomic.AtomicReference<>();
        private volatile String currentPass;
        private JsonNode outcome;
        private JsonNode timeline;
        private JsonNode pending;
        private final Map<String, double[]> videos = new java.util.HashMap<>();
        private double serverOffset;
        private long nextReport;
        private int connections;

        SocketFollower(JsonNode status, long giveUpAt) {
            this.giveUpAt = giveUpAt;
            roomId = status.path("room").path("roomId").asText();
            currentPass = pass;
        }

        BotResult follow() throws Exception {
            var beats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            // the open socket keeps the bot's place; a rare heartbeat renews its pass (and would bring it back
            // had it been counted as gone), slower than experiment-service's timeout on purpose
            beats.scheduleWithFixedDelay(this::heartbeat, BACKSTOP_HEARTBEAT_MS, BACKSTOP_HEARTBEAT_MS,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            RoomLink link = connect();
            try {
                while (System.currentTimeMillis() < giveUpAt) {
                    RoomLink.Frame frame = link.next(20);
                    if (frame != null) {
                        link = onFrame(link, frame);
                        continue;
                    }
                    if (link.isClosed()) {
                        if (outcome != null || finished.get() != null) {
                            break;
                        }
                        if (Integer.valueOf(4403).equals(link.closeCode())) {
                            // its part is over, but the outcome frame was missed: the next heartbeat says how
                            heartbeat();
                            Thread.sleep(200);
                            continue;
                        }
                        // closed without an outcome (a pass that expired, a restart): connect again, as the app does
                        Thread.sleep(300);
                        link = connect();
                        continue;
                    }
                    act(link);
                }
            } finally {
                beats.shutdownNow();
                link.close();
            }
            if (outcome == null && finished.get() == null) {
                throw new IllegalStateException("bot " + participantId + " did not finish within " + timeout
                        + "; states " + states);
            }
            JsonNode end = outcome != null ? outcome : finished.get();
            SocketLog log = new SocketLog(List.copyOf(roomSeqs), List.copyOf(roomStates), List.copyOf(timelineSeqs),
                    List.copyOf(playing), List.copyOf(chats), List.copyOf(online), outcome == null ? null : outcome.path("outcome").asText(),
                    outcome == null ? null : outcome.path("code").asText(null),
                    outcome == null ? null : outcome.path("completionUrl").asText(null), link.closeCode(), connections);
            return new BotResult(participantId, role, roomId, List.copyOf(states), responses,
                    end.path("outcome").asText(null), end.path("code").asText(null),
                    end.path("completionUrl").asText(null), log);
        }

        /** Opens the room socket, trying again a few times on a refused handshake, as the app does. */
        private RoomLink connect() throws InterruptedException {
            connections++;
            String ws = base.toString().replaceFirst("^http", "ws").replaceFirst("/?$", "/");
            RuntimeException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    return RoomLink.open(http, URI.create(ws + "ws/rooms/" + roomId), currentPass);
                } catch (RuntimeException refused) {
                    last = refused;
                    Thread.sleep(300L << attempt);
                }
            }
            throw last;
        }

        private void heartbeat() {
            if (silent.get()) {
                return;
            }
            try {
                JsonNode status = post("/api/participants/me/heartbeat", null, currentPass);
                if (status.hasNonNull("pass")) {
                    currentPass = status.path("pass").path("token").asText();
                }
                if (status.path("status").asText().equals("finished")) {
                    finished.set(status);
                }
            } catch (Exception e) {
                // the next beat will do; the socket carries the room meanwhile
            }
        }

        private RoomLink onFrame(RoomLink link, RoomLink.Frame frame) throws Exception {
            JsonNode m = JSON.readTree(frame.text());
            switch (m.path("type").asText()) {
                case "hello" -> serverOffset = m.path("serverTime").asDouble() - frame.receivedAt();
                case "ping" -> link.send(JSON.writeValueAsString(JSON.createObjectNode().put("v", 2)
                        .put("type", "pong").put("id", m.path("id").asLong()).put("clientReceive", frame.receivedAt())
                        .put("clientSend", (double) System.currentTimeMillis())));
                case "timeline" -> {
                    timelineSeqs.add(m.path("seq").asLong());
                    timeline = m;
                    String media = m.path("mediaId").asText(null);
                    if (media != null && m.path("state").asText().equals("playing")) {
                        playing.add(media);
                    }
                    if (media != null) {
                        // a perfect player: it can play the video the moment it hears of it
                        videos.computeIfAbsent(media, id -> new double[] {frame.receivedAt(), Double.NaN});
                    }
                }
                case "chat" -> chats.add(m.path("id").asText() + (m.path("history").asBoolean() ? " (history)" : ""));
                case "presence" -> {
                    List<String> here = new ArrayList<>();
                    m.path("members").forEach(p -> {
                        if (p.path("online").asBoolean()) {
                            here.add(p.path("participantId").asText());
                        }
                    });
                    online.add(here);
                }
                case "outcome" -> outcome = m;
                case "room" -> {
                    roomSeqs.add(m.path("seq").asLong());
                    String stateId = m.path("stateId").asText(null);
                    roomStates.add(stateId);
                    if (stateId != null && (states.isEmpty() || !states.get(states.size() - 1).equals(stateId))) {
                        states.add(stateId);
                    }
                    if (stateId != null && stateId.equals(behaviour.silentInState()) && !wentSilent) {
                        return goSilent(link);
                    }
                    pending = shouldAnswer(m, stateId) ? m : null;
                }
                default -> {
                }
            }
            return link;
        }

        /** Like a closed tab: the socket drops and heartbeats stop; it comes back on a new socket, or never. */
        private RoomLink goSilent(RoomLink link) throws Exception {
            wentSilent = true;
            silent.set(true);
            link.close();
            if (behaviour.neverReturn()) {
                Thread.sleep(timeout.toMillis());
                throw new IllegalStateException("a vanished bot does not come back");
            }
            Thread.sleep(behaviour.silentFor().toMillis());
            silent.set(false);
            heartbeat();
            return connect();
        }

        private void act(RoomLink link) throws Exception {
            double serverNow = System.currentTimeMillis() + serverOffset;
            if (pending != null && serverNow >= pending.path("startsAt").asLong() + behaviour.answerDelay().toMillis()) {
                JsonNode room = pending;
                pending = null;
                String stateId = room.path("stateId").asText();
                ArrayNode batch = JSON.createArrayNode();
                for (JsonNode c : room.path("components")) {
                    answer(c, stateId, batch);
                }
                if (!batch.isEmpty()) {
                    try {
                        post("/api/participants/me/responses", JSON.createObjectNode().set("responses", batch), currentPass);
                        responses += batch.size();
                    } catch (IllegalStateException refused) {
                        // the room moved on meanwhile (409): the next room frame says where it is
                    }
                }
                answeredState = stateId;
            }
            if (timeline != null && timeline.path("state").asText().equals("playing")
                    && System.currentTimeMillis() >= nextReport) {
                nextReport = System.currentTimeMillis() + REPORT_EVERY_MS;
                double startsAt = timeline.path("serverTime").asDouble();
                boolean started = serverNow >= startsAt;
                double position = timeline.path("position").asDouble()
                        + (started ? (serverNow - startsAt) * timeline.path("rate").asDouble() : 0);
                double clientNow = System.currentTimeMillis();
                ObjectNode report = JSON.createObjectNode().put("v", 2).put("type", "report")
                        .put("clientTime", clientNow).put("position", position)
                        .put("rate", timeline.path("rate").asDouble()).put("paused", !started).put("buffering", false);
                String media = timeline.path("mediaId").asText(null);
                double[] video = media == null ? null : videos.get(media);
                if (video != null) {
                    if (started && Double.isNaN(video[1])) {
                        video[1] = clientNow;
                    }
                    report.put("mediaId", media).put("loadedAt", video[0]);
                    if (!Double.isNaN(video[1])) {
                        report.put("firstFrameAt", video[1]);
                    }
                }
                link.send(JSON.writeValueAsString(report));
            }
        }
    }
}
