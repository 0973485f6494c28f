package io.hyperstudy.experiment.participant;

import io.hyperstudy.experiment.session.Outcome;

import java.time.Instant;
import java.util.Map;

/**
 * One person in one session, as stored. {@code label} is the recruitment id they came with (null if
 * anonymous); {@code role} is set at arrival under role-balanced matching, otherwise when matched.
 * {@code resumeHash} is the SHA-256 of the secret their browser keeps to come back as them (null: none
 * issued). {@code consentedAt} is when they accepted the experiment's consent form (null: it has none, or
 * they have not answered); they join the line then, so their wait counts from {@link #inLineSince()}.
 * Never sent on the wire as it is: staff see {@link ParticipantView}.
 */
public record Participant(String id, String sessionId, String label, Map<String, String> params, Status status,
                          String role, String roomId, Outcome outcome, Instant joinedAt, Instant finishedAt,
                          String resumeHash, Instant consentedAt) {

    /** {@code CONSENT}: admitted, reading the consent form, not yet in line. */
    public enum Status { CONSENT, WAITING, IN_ROOM, FINISHED }

    public Participant matched(String roomId, String role) {
        return new Participant(id, sessionId, label, params, Status.IN_ROOM, role, roomId, null, joinedAt, null,
                resumeHash, consentedAt);
    }

    public Participant finished(Outcome outcome, Instant at) {
        return new Participant(id, sessionId, label, params, Status.FINISHED, role, roomId, outcome, joinedAt, at,
                resumeHash, consentedAt);
    }

    public Participant consented(Instant at) {
        return new Participant(id, sessionId, label, params, Status.WAITING, role, roomId, null, joinedAt, null,
                resumeHash, at);
    }

    public Participant withResumeHash(String hash) {
        return new Participant(id, sessionId, label, params, status, role, roomId, outcome, joinedAt, finishedAt, hash,
                consentedAt);
    }

    /** In a room now: their pass may name it. */
    public boolean inRoom() {
        return status == Status.IN_ROOM && roomId != null;
    }

    /** When they joined the line: their place and their waiting timeout count from here. */
    public Instant inLineSince() {
        return consentedAt != null ? consentedAt : joinedAt;
    }
}
