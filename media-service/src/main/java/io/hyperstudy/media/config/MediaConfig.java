package io.hyperstudy.media.config;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;

@ConfigMapping(prefix = "hyperstudy.media")
public interface MediaConfig {

    /** Folder of the local asset store (the default store; Firebase Storage comes with the media issue). */
    Path storageDir();
}
