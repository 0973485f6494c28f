package io.hyperstudy.media.assets;

import java.time.Instant;

/**
 * A stored media asset: its content type is what its bytes say, not its name; {@code sha256} (hex) is
 * its ETag; {@code durationSeconds} is read from the container where it can be (MP4), else null.
 */
public record Asset(String id, String experimentId, String name, String contentType, long size, String sha256,
                    Double durationSeconds, String uploadedBy, Instant uploadedAt) {
}
