package io.hyperstudy.experiment.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperstudy.experiment.participant.Participant;
import io.hyperstudy.experiment.response.ResponseStore;
import io.hyperstudy.experiment.room.RoomLog;
import io.hyperstudy.experiment.session.Session;
import io.hyperstudy.experiment.session.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.Map;

/**
 * The rows of one session's export, in this order: its participants, then its room events, then its
 * responses (server-time order), then what other services reported (sync quality, recordings; server-time
 * order). Reads page by page.
 */
@ApplicationScoped
public class SessionExport {
    static final int PARTICIPANTS = 100_000;

    @Inject
    SessionStore sessions;

    @Inject
    RoomLog log;

    @Inject
    ResponseStore responses;

    @Inject
    ServiceReports reports;

    @Inject
    ObjectMapper json;

    void write(Session session, ExportWriter out) {
        Map<String, Participant> byId = new HashMap<>();
        for (Participant p : sessions.listParticipants(session.id(), PARTICIPANTS)) {
            byId.put(p.id(), p);
            ObjectNode value = json.createObjectNode();
            value.put("status", p.status().name().toLowerCase());
            value.put("outcome", p.outcome() == null ? null : p.outcome().wireName());
            value.put("code", p.outcome() == null ? null : session.settings().codeFor(p.outcome()));
            value.set("params", json.valueToTree(p.params()));
            value.put("finishedAt", p.finishedAt() == null ? null : p.finishedAt().toEpochMilli());
            out.write(new ExportRow("participant", session.experimentId(), session.id(), p.roomId(), p.id(), p.label(),
                    p.role(), null, null, null, null, null, null, p.joinedAt().toEpochMilli(), value.toString()));
        }
        log.forEachInSession(session.id(), e -> {
            JsonNode event = read(e.eventJson());
            JsonNode data = event.path("data");
            String participant = data.path("participantId").asText(null);
            Participant p = participant == null ? null : byId.get(participant);
            out.write(new ExportRow("room_event", session.experimentId(), session.id(), e.roomId(), participant,
                    p == null ? null : p.label(), p == null ? null : p.role(),
                    data.has("stateIndex") ? data.get("stateIndex").asInt() : null, data.path("stateId").asText(null),
                    null, event.path("type").asText(), null, null, e.at(), data.toString()));
        });
        responses.forEachInSession(session.id(), r -> {
            Participant p = byId.get(r.participantId());
            out.write(new ExportRow("response", r.experimentId(), r.sessionId(), r.roomId(), r.participantId(),
                    p == null ? null : p.label(), r.role(), r.stateIndex(), r.stateId(), r.componentId(),
                    r.componentType(), r.responseId(), r.clientTime(), r.serverTime(), r.valueJson()));
        });
        reports.forEachInSession(session.id(), r -> {
            Participant p = r.participantId() == null ? null : byId.get(r.participantId());
            JsonNode data = read(r.json());
            out.write(new ExportRow(r.record(), session.experimentId(), session.id(), r.roomId(), r.participantId(),
                    p == null ? null : p.label(), p == null ? null : p.role(),
                    data.has("stateIndex") ? data.get("stateIndex").asInt() : null, data.path("stateId").asText(null),
                    null, r.type(), null, null, r.at(), r.json()));
        });
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
