package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Server → client: every member of the room and whether they are online now (staff who are connected
 * too). Staff also get each connected client's sync figures, at 1 Hz: clock offset error bound, last
 * position error, commanded playback rate, and the age of its last report (ms); everyone else gets nulls.
 */
@RegisterForReflection
public record Presence(List<Member> members) implements SyncMessage {
    @RegisterForReflection
    public record Member(String participantId, String role, boolean online, Double offsetErrorMs,
                         Double positionErrorMs, Double rate, Double reportAgeMs) {
    }
}
