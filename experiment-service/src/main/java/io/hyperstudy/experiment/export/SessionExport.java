package io.hyperstudy.experiment.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.experiment.participant.Participant;
import io.hyperstudy.experiment.response.ResponseStore;
import io.hyperstudy.experiment.room.RoomLog;
import io.hyperstudy.experiment.session.Session;
import io.hyperstudy.experiment.session.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one session's export, in this order: its participants, then its room events, then its
 * responses (server-time order), then what other services reported (sync quality, recordings; server-time
 * order), then, for each state with a synced video and each participant of its room who had not left before
 * it began, what they experienced ({@code video_playback}: when their player could play it and showed its
 * first frame, from their client's reports on the server clock, or a flag saying what is missing). Reads page
 * by page.
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
        Map<String, Participant> byId = new java.util.LinkedHashMap<>();
        for (Participant p : sessions.listParticipants(session.id(), PARTICIPANTS)) {
            byId.put(p.id(), p);
            ObjectNode value = json.createObjectNode();
            value.put("status", p.status().name().toLowerCase());
            value.put("outcome", p.outcome() == null ? null : p.outcome().wireName());
            value.put("code", p.outcome() == null ? null : session.settings().codeFor(p.outcome()));
            value.set("params", json.valueToTree(p.params()));
            value.put("consentedAt", p.consentedAt() == null ? null : p.consentedAt().toEpochMilli());
            value.put("finishedAt", p.finishedAt() == null ? null : p.finishedAt().toEpochMilli());
            out.write(new ExportRow("participant", session.experimentId(), session.id(), p.roomId(), p.id(), p.label(),
                    p.role(), null, null, null, null, null, null, p.joinedAt().toEpochMilli(), value.toString()));
        }
        List<VideoState> videoStates = new ArrayList<>();
        Map<String, long[]> played = new HashMap<>();
        log.forEachInSession(session.id(), e -> {
            JsonNode event = read(e.eventJson());
            JsonNode data = event.path("data");
            if (RoomStateChanged.ENTER.equals(data.path("transition").asText(null)) && data.hasNonNull("mediaId")) {
                videoStates.add(new VideoState(e.roomId(), data.path("stateIndex").asInt(), data.path("stateId").asText(),
                        data.path("mediaId").asText(), data.path("startsAtServerTime").asLong()));
            }
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
            if (ServiceReportsConsumer.SYNC_QUALITY.equals(r.record())) {
                for (JsonNode v : data.path("videos")) {
                    // earliest of each over the participant's connections: a reload does not move them
                    long[] t = played.computeIfAbsent(r.roomId() + "/" + r.participantId() + "/"
                            + v.path("mediaId").asText(), k -> new long[] {Long.MAX_VALUE, Long.MAX_VALUE, 0});
                    t[2] = 1;
                    if (v.hasNonNull("loadedAt")) {
                        t[0] = Math.min(t[0], v.get("loadedAt").asLong());
                    }
                    if (v.hasNonNull("firstFrameAt")) {
                        t[1] = Math.min(t[1], v.get("firstFrameAt").asLong());
                    }
                }
            }
            out.write(new ExportRow(r.record(), session.experimentId(), session.id(), r.roomId(), r.participantId(),
                    p == null ? null : p.label(), p == null ? null : p.role(),
                    data.has("stateIndex") ? data.get("stateIndex").asInt() : null, data.path("stateId").asText(null),
                    null, r.type(), null, null, r.at(), r.json()));
        });
        videoPlayback(session, videoStates, played, byId, out);
    }

    /** A state with a synced video, as a room entered it. */
    private record VideoState(String roomId, int stateIndex, String stateId, String mediaId, long startsAt) {
    }

    /**
     * One row per video state and participant of its room: {@code flag} is {@code played} (a first frame was
     * shown), {@code not_played} (the player reported the video but never showed its first frame) or
     * {@code no_report} (nothing came from this participant's player about it: not connected, or its report
     * was lost).
     */
    private void videoPlayback(Session session, List<VideoState> states, Map<String, long[]> played,
                               Map<String, Participant> byId, ExportWriter out) {
        for (VideoState v : states) {
            for (Participant p : byId.values()) {
                if (!v.roomId().equals(p.roomId())
                        || (p.finishedAt() != null && p.finishedAt().toEpochMilli() < v.startsAt())) {
                    continue;
                }
                long[] t = played.get(v.roomId() + "/" + p.id() + "/" + v.mediaId());
                Long loaded = t == null || t[0] == Long.MAX_VALUE ? null : t[0];
                Long firstFrame = t == null || t[1] == Long.MAX_VALUE ? null : t[1];
                ObjectNode value = json.createObjectNode();
                value.put("mediaId", v.mediaId());
                value.put("startsAt", v.startsAt());
                value.put("loadedAt", loaded);
                value.put("firstFrameAt", firstFrame);
                value.put("firstFrameLateMs", firstFrame == null ? null : firstFrame - v.startsAt());
                value.put("flag", firstFrame != null ? "played" : t != null ? "not_played" : "no_report");
                out.write(new ExportRow("video_playback", session.experimentId(), session.id(), v.roomId(), p.id(),
                        p.label(), p.role(), v.stateIndex(), v.stateId(), null, "video", null, null,
                        firstFrame != null ? firstFrame : v.startsAt(), value.toString()));
            }
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
