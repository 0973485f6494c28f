package io.hyperstudy.experiment.room;

/**
 * A participant's place in a room. {@code ABSENT}: gone silent and may come back; {@code DROPPED}: gone
 * for good (the grace period ran out, or the room could not wait); {@code WITHDRAWN}: left on purpose.
 */
public record Member(String participantId, String role, Presence presence, Long absentSince) {

    public enum Presence { PRESENT, ABSENT, DROPPED, WITHDRAWN }

    public boolean stillIn() {
        return presence == Presence.PRESENT || presence == Presence.ABSENT;
    }

    Member with(Presence p, Long since) {
        return new Member(participantId, role, p, since);
    }
}
