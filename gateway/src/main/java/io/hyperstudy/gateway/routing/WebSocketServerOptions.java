package io.hyperstudy.gateway.routing;

import io.hyperstudy.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The gateway's WebSocket server. Browsers cannot set headers on a WebSocket, so they send the bearer token
 * as a sub-protocol entry next to a carrier protocol; the gateway must echo the carrier back or the browser
 * drops the socket. Frames are read up to {@link #READ_LIMIT}, past the relay's own limit, so that an
 * oversize frame is answered with close 1009 by {@link WebSocketRelay} rather than by a dropped connection
 * (which the client would see as 1006 and could not tell from a network failure).
 */
@ApplicationScoped
public class WebSocketServerOptions implements HttpServerOptionsCustomizer {
    static final int READ_LIMIT = 1024 * 1024;

    @Inject
    GatewayConfig config;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setWebSocketSubProtocols(config.websocketSubprotocols());
        options.setMaxWebSocketFrameSize(READ_LIMIT);
        options.setMaxWebSocketMessageSize(READ_LIMIT);
    }
}
