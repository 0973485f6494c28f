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

    /** How long an answer about a caller's access to an experiment is reused. */
    @WithDefault("15s")
    Duration accessCacheTtl();
}
