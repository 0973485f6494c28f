package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Server → client: set {@code playbackRate}. */
@RegisterForReflection
public record RateCommand(double rate) implements SyncMessage {
}
