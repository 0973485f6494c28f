package io.hyperstudy.experiment.room;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hyperstudy.experiment.domain.Access;

import java.util.List;
import java.util.Set;

/**
 * A room as staff see it, with {@code access}: what the caller may do with its experiment (viewer:
 * watch; editor or owner: steer), which sync-service and media-service ask for before they let staff
 * into the room. Times are server epoch milliseconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoomView(String id, String sessionId, String experimentId, int version, List<Member> members,
                       int stateIndex, String status, long stateStartsAt, Long deadline, Long remainingMs,
                       boolean heldByExperimenter, Long graceDeadline, Set<String> submitted, long startedAt,
                       Long endedAt, String endReason, Access access) {

    public static RoomView of(Room r, Access access) {
        return new RoomView(r.id(), r.sessionId(), r.experimentId(), r.version(), r.members(), r.stateIndex(),
                r.status().name(), r.stateStartsAt(), r.deadline(), r.remainingMs(), r.heldByExperimenter(),
                r.graceDeadline(), r.submitted(), r.startedAt(), r.endedAt(), r.endReason(), access);
    }
}
