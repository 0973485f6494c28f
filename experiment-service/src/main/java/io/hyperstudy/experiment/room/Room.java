package io.hyperstudy.experiment.room;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A room as stored: who is in it, which state it is in and when that state started, and the
 * deadlines that move it on. Times are server epoch milliseconds. Deadlines are data, not sleeping
 * threads, so whichever replica reads the room next can carry it on.
 *
 * <p>{@code deadline}: when the current state ends by timer or cap (null: it waits for submissions or
 * the experimenter). While the room is held, {@code remainingMs} keeps what was left of it;
 * {@code heldByExperimenter} and {@code graceDeadline} (a dropout's grace period) are the two reasons
 * to hold it. {@code seq} counts changes, so a stale timer can tell it is stale.
 */
public record Room(String id, String sessionId, String experimentId, int version, List<Member> members,
                   int stateIndex, Status status, long stateStartsAt, Long deadline, Long remainingMs,
                   boolean heldByExperimenter, Long graceDeadline, Set<String> submitted, long seq,
                   long startedAt, Long endedAt, String endReason) {

    public enum Status { RUNNING, PAUSED, ENDED }

    public Room {
        members = List.copyOf(members);
        submitted = Set.copyOf(submitted);
    }

    /** When a timer must next look at this room; null when nothing is due without someone acting. */
    public Long nextWakeAt() {
        return switch (status) {
            case RUNNING -> deadline;
            case PAUSED -> graceDeadline;
            case ENDED -> null;
        };
    }

    public Optional<Member> member(String participantId) {
        return members.stream().filter(m -> m.participantId().equals(participantId)).findFirst();
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-on-write edits for {@link RoomMachine}. */
    static final class Builder {
        List<Member> members;
        int stateIndex;
        Status status;
        long stateStartsAt;
        Long deadline;
        Long remainingMs;
        boolean heldByExperimenter;
        Long graceDeadline;
        Set<String> submitted;
        Long endedAt;
        String endReason;
        private final Room from;

        private Builder(Room r) {
            from = r;
            members = r.members;
            stateIndex = r.stateIndex;
            status = r.status;
            stateStartsAt = r.stateStartsAt;
            deadline = r.deadline;
            remainingMs = r.remainingMs;
            heldByExperimenter = r.heldByExperimenter;
            graceDeadline = r.graceDeadline;
            submitted = r.submitted;
            endedAt = r.endedAt;
            endReason = r.endReason;
        }

        Room build() {
            return new Room(from.id, from.sessionId, from.experimentId, from.version, members, stateIndex, status,
                    stateStartsAt, deadline, remainingMs, heldByExperimenter, graceDeadline, submitted, from.seq + 1,
                    from.startedAt, endedAt, endReason);
        }
    }
}
