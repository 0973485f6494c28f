package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Server → client: a frame was refused and changed nothing. {@code code} is one of {@link ErrorCode}. */
@RegisterForReflection
public record ErrorFrame(ErrorCode code, String detail) implements SyncMessage {
}
