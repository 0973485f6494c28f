package io.hyperstudy.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;

@ConfigMapping(prefix = "hyperstudy.gateway")
public interface GatewayConfig {

    /** Base URL of experiment-service. */
    URI experimentUrl();

    /** Base URL of sync-service (one instance until room affinity arrives). */
    URI syncUrl();

    /** Base URL of media-service. */
    URI mediaUrl();

    /** How long to wait for a backend to accept a connection before answering 503. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** How long a backend may stay silent during a request before the gateway answers 504. */
    @WithDefault("30s")
    Duration readTimeout();

    /** WebSocket sub-protocols the gateway accepts from browsers (they carry the bearer token alongside). */
    @WithDefault("bearer-token-carrier")
    List<String> websocketSubprotocols();
}
