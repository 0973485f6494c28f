package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Server → client, first frame after the connection opens. */
@RegisterForReflection
public record Hello(String roomId, String participantId, String role, double serverTime) implements SyncMessage {
}
