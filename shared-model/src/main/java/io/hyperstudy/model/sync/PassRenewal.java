package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Client → server: a participant's renewed pass (from {@code POST /api/participants/me/pass}), so an open
 * socket lives on past the expiry of the pass it was opened with. It must be for the same participant
 * and still name this room; the socket is closed when its last pass expires.
 */
@RegisterForReflection
public record PassRenewal(String token) implements SyncMessage {
    public PassRenewal {
        ProtocolChecks.required(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
    }

    @Override
    public boolean fromClient() {
        return true;
    }
}
