package io.hyperstudy.media.livekit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The LiveKit server: where clients connect, and the API key and secret that sign its tokens (never logged). */
@ConfigMapping(prefix = "hyperstudy.livekit")
public interface LiveKitConfig {

    /** The address browsers connect to (wss://…), handed out with each token. */
    String url();

    String apiKey();

    String apiSecret();

    /** How long a LiveKit token admits its holder to a room; clients ask for a new one to rejoin. */
    @WithDefault("10m")
    Duration tokenTtl();
}
