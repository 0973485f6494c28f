package io.hyperstudy.experiment.participant;

import io.hyperstudy.experiment.session.Outcome;

import java.time.Instant;
import java.util.Map;

/**
 * One person in one session, as stored. {@code label} is the recruitment id they came with (null if
 * anonymous); {@code role} is set at arrival under role-balanced matching, otherwise when matched.
 * {@code resumeHash} is the SHA-256 of the secret their browser keeps to come back as them (null: none
 * issued). Never sent on the wire as it is: staff see {@link ParticipantView}.
 */
public record Participant(String id, String sessionId, String label, Map<String, String> params, Status status,
                          String role, String roomId, Outcome outcome, Instant joinedAt, Instant finishedAt,
                          String resumeHash) {

    public enum Status { WAITING, IN_ROOM, FINISHED }

    public Participant matched(String roomId, String role) {
        return new Participant(id, sessionId, label, params, Status.IN_ROOM, role, roomId, null, joinedAt, null,
                resumeHash);
    }

    public Participant finished(Outcome outcome, Instant at) {
        return new Participant(id, sessionId, label, params, Status.FINISHED, role, roomId, outcome, joinedAt, at,
                resumeHash);
    }

    public Participant withResumeHash(String hash) {
        return new Participant(id, sessionId, label, params, status, role, roomId, outcome, joinedAt, finishedAt, hash);
    }

    /** In a room now: their pass may name it. */
    public boolean inRoom() {
        return status == Status.IN_ROOM && roomId != null;
    }
}
