package io.hyperstudy.experiment.participant;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/** A participant as staff see them: everything but the hash of their resume secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParticipantView(String id, String sessionId, String label, Map<String, String> params, String status,
                              String role, String roomId, String outcome, Instant joinedAt, Instant consentedAt,
                              Instant finishedAt) {

    public static ParticipantView of(Participant p) {
        return new ParticipantView(p.id(), p.sessionId(), p.label(), p.params(), p.status().name(), p.role(),
                p.roomId(), p.outcome() == null ? null : p.outcome().wireName(), p.joinedAt(), p.consentedAt(),
                p.finishedAt());
    }
}
