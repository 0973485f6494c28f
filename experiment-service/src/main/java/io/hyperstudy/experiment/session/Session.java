package io.hyperstudy.experiment.session;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A run of one published experiment version. Participants join through its link, which carries
 * {@code joinKey}; {@code open} sessions admit new participants, closed ones only let people back in.
 * {@code roleLinkKey} signs the links staff mint for a role a participant may not choose (a host role);
 * it never leaves the service (null: no such link minted yet).
 */
public record Session(String id, String experimentId, int version, String ownerId, String createdBy,
                      SessionSettings settings, String joinKey, boolean open, int participantCount,
                      Map<String, Integer> roleCounts, Instant createdAt, String roleLinkKey) {

    public Session {
        roleCounts = Map.copyOf(roleCounts);
    }

    /** The session after one more participant arrived, with the role they were given (null: none yet). */
    public Session joinedBy(String role) {
        Map<String, Integer> counts = new HashMap<>(roleCounts);
        if (role != null) {
            counts.merge(role, 1, Integer::sum);
        }
        return new Session(id, experimentId, version, ownerId, createdBy, settings, joinKey, open,
                participantCount + 1, counts, createdAt, roleLinkKey);
    }

    /** The link participants join by, before the recruitment site's parameters. */
    public String joinPath() {
        return "/join/" + id + "?key=" + joinKey;
    }

    public Session closed() {
        return new Session(id, experimentId, version, ownerId, createdBy, settings, joinKey, false, participantCount,
                roleCounts, createdAt, roleLinkKey);
    }

    public Session withRoleLinkKey(String key) {
        return new Session(id, experimentId, version, ownerId, createdBy, settings, joinKey, open, participantCount,
                roleCounts, createdAt, key);
    }
}
