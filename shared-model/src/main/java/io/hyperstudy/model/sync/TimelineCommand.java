package io.hyperstudy.model.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Client → server, staff or the room's host only: change the room timeline. {@code atServerTime}
 * schedules the change (e.g. play everywhere at the same future instant); absent means now.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineCommand(Action action, String mediaId, Double position, Double atServerTime, Double rate)
        implements SyncMessage {

    public enum Action {
        @JsonProperty("load") LOAD,
        @JsonProperty("play") PLAY,
        @JsonProperty("pause") PAUSE,
        @JsonProperty("seek") SEEK,
        @JsonProperty("rate") RATE
    }

    public TimelineCommand {
        ProtocolChecks.required(action, "action");
        if (position != null) {
            ProtocolChecks.finite(position, "position");
        }
        if (atServerTime != null) {
            ProtocolChecks.finite(atServerTime, "atServerTime");
        }
        if (rate != null) {
            ProtocolChecks.finite(rate, "rate");
        }
        switch (action) {
            case LOAD -> {
                if (mediaId == null || mediaId.isBlank()) {
                    throw new IllegalArgumentException("load needs mediaId");
                }
            }
            case SEEK -> ProtocolChecks.required(position, "position");
            case RATE -> {
                ProtocolChecks.required(rate, "rate");
                if (rate <= 0 || rate > 4) {
                    throw new IllegalArgumentException("rate must be within (0, 4]");
                }
            }
            default -> {
            }
        }
    }

    @Override
    public boolean fromClient() {
        return true;
    }
}
