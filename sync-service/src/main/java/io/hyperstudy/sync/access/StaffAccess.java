package io.hyperstudy.sync.access;

/**
 * What a staff member may do in a room, from their access to its experiment: nothing, watch it
 * (viewer), or also steer its playback (editor, owner, admin).
 */
public enum StaffAccess {
    NONE, WATCH, STEER;

    static StaffAccess ofExperimentAccess(String access) {
        return switch (access == null ? "" : access) {
            case "viewer" -> WATCH;
            case "editor", "owner" -> STEER;
            default -> NONE;
        };
    }
}
