package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Server → client: the room's authoritative timeline. At server time {@code serverTime} the media
 * is at {@code position} and advances at {@code rate} while {@code state} is playing. {@code seq} counts
 * the room's timeline changes: a client keeps the highest, so two changes never apply in the wrong order.
 */
@RegisterForReflection
public record Timeline(String mediaId, PlaybackState state, double position, double serverTime, double rate,
                       long seq) implements SyncMessage {
}
