package io.hyperstudy.experiment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "hyperstudy")
public interface ExperimentServiceConfig {

    Firestore firestore();

    Outbox outbox();

    interface Outbox {
        /** How often the relay looks for unsent events. */
        @WithDefault("250ms")
        java.time.Duration poll();

        /** How long the broker may take to acknowledge one event before the relay pauses. */
        @WithDefault("10s")
        java.time.Duration publishTimeout();
    }

    interface Firestore {
        /** The Google Cloud / Firebase project that holds the database. */
        String projectId();

        /** host:port of the Firestore emulator; absent in production, where Google credentials are used. */
        Optional<String> emulatorHost();

        /** Deadline of one store call, so a slow store cannot stall request threads. */
        @WithDefault("5s")
        java.time.Duration timeout();
    }
}
