package io.hyperstudy.media.livekit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The LiveKit server: where clients connect, and the API key and secret that sign its tokens (never logged). */
@ConfigMapping(prefix = "hyperstudy.livekit")
public interface LiveKitConfig {

    /** The address browsers connect to (wss://…), handed out with each token. */
    String url();

    /** The server's API (Twirp over HTTP), which media-service calls to open and close rooms. */
    String apiUrl();

    String apiKey();

    String apiSecret();

    /**
     * Whether rooms are opened and closed in LiveKit as experiment-service starts and ends them; off
     * where no LiveKit server runs (the local platform of dev/up.sh).
     */
    @WithDefault("true")
    boolean manageRooms();

    /** How long a LiveKit token admits its holder to a room; clients ask for a new one to rejoin. */
    @WithDefault("10m")
    Duration tokenTtl();

    /** Where LiveKit's egress writes recordings: the folder (object prefix) under which each recording gets its file. */
    @WithDefault("recordings")
    String recordingPrefix();

    /**
     * A Google Cloud Storage bucket (the Firebase Storage bucket in production) that egress uploads
     * recordings to; absent, they stay in the egress service's own storage.
     */
    Optional<String> recordingBucket();

    /** The service-account JSON egress uploads with; absent, egress uses its own Google credentials. Never logged. */
    Optional<String> recordingCredentials();
}
