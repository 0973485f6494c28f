package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Server → client: be at {@code position} when the client clock reads {@code atClientTime}, then play
 * on at {@code rate} if the room is playing. A client seeks at once and holds until that instant, so the
 * time a seek takes does not show in where it lands.
 */
@RegisterForReflection
public record SeekCommand(double position, double atClientTime, double rate) implements SyncMessage {
}
