package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Client → server, several times a second: where the client's player is at {@code clientTime}. */
@RegisterForReflection
public record Report(Double clientTime, Double position, Double rate, Boolean paused, Boolean buffering)
        implements SyncMessage {
    public Report {
        ProtocolChecks.finite(clientTime, "clientTime");
        ProtocolChecks.finite(position, "position");
        ProtocolChecks.finite(rate, "rate");
        ProtocolChecks.required(paused, "paused");
        ProtocolChecks.required(buffering, "buffering");
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative");
        }
        if (rate < 0 || rate > 16) {
            throw new IllegalArgumentException("rate must be within [0, 16]");
        }
    }

    @Override
    public boolean fromClient() {
        return true;
    }
}
