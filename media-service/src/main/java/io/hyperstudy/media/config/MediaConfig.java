package io.hyperstudy.media.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

@ConfigMapping(prefix = "hyperstudy.media")
public interface MediaConfig {

    /** Where assets are kept: {@code local} (the folder {@code storage-dir}) or {@code firebase} (Firebase Storage). */
    @WithDefault("local")
    Store storage();

    /**
     * Folder of the local asset store; with Firebase Storage, where uploads are spooled while they are
     * checked, before they go to the bucket.
     */
    Path storageDir();

    /** The Firebase Storage bucket ({@code <project>.appspot.com} or {@code <project>.firebasestorage.app}). */
    java.util.Optional<String> bucket();

    /** The Cloud Storage API's address, for an emulator; absent, Google's, with the service's credentials. */
    java.util.Optional<URI> storageHost();

    enum Store { LOCAL, FIREBASE }

    /** The largest asset accepted, in bytes (2 GiB). */
    @WithDefault("2147483648")
    long maxAssetBytes();

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
