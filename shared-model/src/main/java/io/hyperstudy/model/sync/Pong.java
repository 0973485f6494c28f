package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Client → server answer to {@link Ping}: {@code clientReceive} (t2) is when the ping arrived and
 * {@code clientSend} (t3) when this pong left, both on the client clock. The server stamps t4.
 */
@RegisterForReflection
public record Pong(Long id, Double clientReceive, Double clientSend) implements SyncMessage {
    public Pong {
        ProtocolChecks.required(id, "id");
        ProtocolChecks.finite(clientReceive, "clientReceive");
        ProtocolChecks.finite(clientSend, "clientSend");
        if (clientSend < clientReceive) {
            throw new IllegalArgumentException("clientSend is before clientReceive");
        }
    }

    @Override
    public boolean fromClient() {
        return true;
    }
}
