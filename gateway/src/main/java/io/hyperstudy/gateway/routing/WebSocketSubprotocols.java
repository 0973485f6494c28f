package io.hyperstudy.gateway.routing;

import io.hyperstudy.gateway.config.GatewayConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Browsers cannot set headers on a WebSocket, so they send the bearer token as a sub-protocol entry
 * next to a carrier protocol; the gateway must echo the carrier back or the browser drops the socket.
 */
@ApplicationScoped
public class WebSocketSubprotocols implements HttpServerOptionsCustomizer {
    @Inject
    GatewayConfig config;

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setWebSocketSubProtocols(config.websocketSubprotocols());
    }
}
