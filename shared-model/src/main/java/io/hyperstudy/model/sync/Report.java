package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Client → server, several times a second: where the client's player is at {@code clientTime}. Optionally, what
 * the participant actually experienced of the room's video, for the export: {@code mediaId} (the media its
 * player holds), {@code loadedAt} (client time when it could first play it) and {@code firstFrameAt} (client
 * time when its first frame was shown after the start); sent with every report once known.
 */
@RegisterForReflection
public record Report(Double clientTime, Double position, Double rate, Boolean paused, Boolean buffering,
                     String mediaId, Double loadedAt, Double firstFrameAt) implements SyncMessage {
    static final int MAX_MEDIA_ID = 200;

    public Report(Double clientTime, Double position, Double rate, Boolean paused, Boolean buffering) {
        this(clientTime, position, rate, paused, buffering, null, null, null);
    }

    public Report {
        if (loadedAt != null) {
            ProtocolChecks.finite(loadedAt, "loadedAt");
        }
        if (firstFrameAt != null) {
            ProtocolChecks.finite(firstFrameAt, "firstFrameAt");
        }
        if (mediaId != null && (mediaId.isBlank() || mediaId.length() > MAX_MEDIA_ID)) {
            throw new IllegalArgumentException("mediaId must be 1 to " + MAX_MEDIA_ID + " characters");
        }
        if ((loadedAt != null || firstFrameAt != null) && mediaId == null) {
            throw new IllegalArgumentException("loadedAt and firstFrameAt need the mediaId they are about");
        }
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
