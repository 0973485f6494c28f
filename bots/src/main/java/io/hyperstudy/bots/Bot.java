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

    private String pass;
    private String participantId;
    private String role;
    private String roomId;
    private final List<String> states = new ArrayList<>();
    private int responses;
    private String answeredState;
    private boolean wentSilent;

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

    @Override
    public BotResult call() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("sessionId", sessionId).put("key", key);
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
                        status.path("completionUrl").asText(null));
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
            post("/api/participants/me/responses", JSON.createObjectNode().set("responses", batch), pass);
            responses += batch.size();
        }
        answeredState = stateId;
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

    private JsonNode post(String path, JsonNode body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
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
            Thread.sleep(200L << attempt);
        }
        throw last;
    }
}
