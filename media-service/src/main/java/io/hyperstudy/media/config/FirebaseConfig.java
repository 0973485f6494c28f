package io.hyperstudy.media.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** The Firebase project: Firestore holds the recordings catalogue. */
@ConfigMapping(prefix = "hyperstudy.firestore")
public interface FirebaseConfig {

    String projectId();

    /** host:port of a Firestore emulator; absent in production, where Google credentials are used. */
    Optional<String> emulatorHost();
}
