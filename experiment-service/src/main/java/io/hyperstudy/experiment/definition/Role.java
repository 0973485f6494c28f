package io.hyperstudy.experiment.definition;

/**
 * A part participants play. {@code count} is how many participants of this role a room holds, so the
 * group size is the sum over roles and role-balanced matching knows what to fill. A {@code host} role
 * may drive shared playback (play, pause, seek) as staff can.
 */
public record Role(String id, String name, Integer count, Boolean host) {

    public boolean drivesPlayback() {
        return Boolean.TRUE.equals(host);
    }
}
