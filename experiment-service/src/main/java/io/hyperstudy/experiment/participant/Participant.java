package io.hyperstudy.experiment.participant;

import io.hyperstudy.experiment.session.Outcome;

import java.time.Instant;
import java.util.Map;

/**
 * One person in one session. {@code label} is the recruitment id they came with (null if anonymous);
 * {@code role} is set at arrival under role-balanced matching, otherwise when matched.
 */
public record Participant(String id, String sessionId, String label, Map<String, String> params, Status status,
                          String role, String roomId, Outcome outcome, Instant joinedAt, Instant finishedAt) {

    public enum Status { WAITING, IN_ROOM, FINISHED }

    public Participant matched(String roomId, String role) {
        return new Participant(id, sessionId, label, params, Status.IN_ROOM, role, roomId, null, joinedAt, null);
    }

    public Participant finished(Outcome outcome, Instant at) {
        return new Participant(id, sessionId, label, params, Status.FINISHED, role, roomId, outcome, joinedAt, at);
    }
}
