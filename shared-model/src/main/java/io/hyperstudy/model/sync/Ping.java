package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Server → client: first half of a four-timestamp exchange; {@code serverTime} is t1. */
@RegisterForReflection
public record Ping(long id, double serverTime) implements SyncMessage {
}
