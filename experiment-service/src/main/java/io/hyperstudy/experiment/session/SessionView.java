package io.hyperstudy.experiment.session;

import java.time.Instant;
import java.util.Map;

/**
 * A session as staff see it, with the link participants join by: {@code joinPath} plus the recruitment
 * parameters (for Prolific: {@code &PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID=...}).
 */
public record SessionView(String id, String experimentId, int version, String ownerId, String createdBy,
                          SessionSettings settings, boolean open, int participantCount,
                          Map<String, Integer> roleCounts, String joinPath, Instant createdAt) {

    public static SessionView of(Session s) {
        return new SessionView(s.id(), s.experimentId(), s.version(), s.ownerId(), s.createdBy(), s.settings(),
                s.open(), s.participantCount(), s.roleCounts(), s.joinPath(),
                s.createdAt());
    }
}
