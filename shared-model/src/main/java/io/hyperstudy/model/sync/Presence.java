package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** Server → client: who is in the room; sync quality figures are sent to staff only. */
@RegisterForReflection
public record Presence(List<Member> members) implements SyncMessage {

    @RegisterForReflection
    public record Member(String participantId, String role, boolean online, Double offsetErrorMs,
                         Double positionErrorMs) {
    }
}
