package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Server → client: be at {@code position} when the client clock reads {@code atClientTime}. */
@RegisterForReflection
public record SeekCommand(double position, double atClientTime) implements SyncMessage {
}
