package io.hyperstudy.media.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

@ConfigMapping(prefix = "hyperstudy.media")
public interface MediaConfig {

    /** Folder of the local asset store. */
    Path storageDir();

    /** The largest asset accepted, in bytes (2 GiB). */
    @WithDefault("2147483648")
    long maxAssetBytes();

    /** experiment-service, which says who may do what with an experiment. */
    URI experimentServiceUrl();

    /**
     * Base64 key that signs download links (a {@code <video>} cannot send a bearer token); every replica
     * needs the same one. Absent: one is generated at start, which suits a single replica only.
     */
    java.util.Optional<String> linkKey();

    /** Refuse to start without {@code link-key} (production). */
    @WithDefault("false")
    boolean requireLinkKey();

    /** How long a signed download link works. */
    @WithDefault("1h")
    Duration linkTtl();

    /** How long an answer about a caller's access to an experiment is reused. */
    @WithDefault("15s")
    Duration accessCacheTtl();
}
