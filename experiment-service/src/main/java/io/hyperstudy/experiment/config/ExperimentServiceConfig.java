package io.hyperstudy.experiment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "hyperstudy")
public interface ExperimentServiceConfig {

    Firestore firestore();

    Outbox outbox();

    Pass pass();

    Rooms rooms();

    interface Pass {
        /** The {@code iss} of participant passes; the other services trust tokens with this issuer. */
        @WithDefault(io.hyperstudy.model.pass.ParticipantPass.DEFAULT_ISSUER)
        String issuer();

        /** How long a pass is valid; participants renew it while they take part. */
        @WithDefault("15m")
        java.time.Duration ttl();

        /**
         * PEM (PKCS#8) RSA private key that signs passes; every replica needs the same one. Absent: a key
         * is generated at start, which suits one replica in development and tests only.
         */
        Optional<java.nio.file.Path> keyFile();

        /** Refuse to start without {@code key-file} (production). */
        @WithDefault("false")
        boolean requireKey();
    }

    interface Rooms {
        /** Time from deciding a transition to the state's start, so every client can prepare (load a video). */
        @WithDefault("500ms")
        java.time.Duration stateLead();

        /**
         * The lead of a state that records: LiveKit's egress takes a second or two to start (a room composite
         * launches a browser), and is asked as the transition is decided, so it is running when the state begins.
         */
        @WithDefault("3s")
        java.time.Duration recordingLead();

        /** How often each replica looks for rooms whose deadline is near. */
        @WithDefault("250ms")
        java.time.Duration timerPoll();

        /** How often each replica matches waiting participants and looks for those who went silent. */
        @WithDefault("500ms")
        java.time.Duration matchPoll();

        /** A participant whose heartbeats stop for this long has left (closed tab, lost network). */
        @WithDefault("6s")
        java.time.Duration heartbeatTimeout();
    }

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
