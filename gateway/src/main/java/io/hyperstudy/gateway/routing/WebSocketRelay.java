package io.hyperstudy.gateway.routing;

import io.hyperstudy.gateway.config.GatewayConfig;
import io.hyperstudy.model.live.SyncPods;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.function.BooleanSupplier;

/**
 * Splices a room WebSocket to its backend: the backend's handshake first (so its refusal, 401 or 403,
 * reaches the client as an HTTP answer), then the client's upgrade, then frames both ways until either
 * side closes, passing the close code on.
 */
@ApplicationScoped
class WebSocketRelay {
    /** The largest message relayed either way; a larger one from a client closes its socket with 1009. */
    static final int MAX_FRAME_BYTES = 65_536;
    /** RFC 6455: the message is too big to process. */
    static final short CLOSE_TOO_BIG = 1009;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    private volatile WebSocketClient websockets;

    private WebSocketClient websockets() {
        if (websockets == null) {
            synchronized (this) {
                if (websockets == null) {
                    websockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                            .setConnectTimeout((int) config.connectTimeout().toMillis())
                            .setMaxConnections(config.maxSocketsPerPod())
                            .setMaxFrameSize(MAX_FRAME_BYTES));
                }
            }
        }
        return websockets;
    }

    /**
     * {@code unreachable} is asked when the backend cannot be reached (a room's pod that is gone): true when it
     * has sent the request elsewhere, false to answer the client with the failure. {@code sentAway} is told when
     * the backend closes the socket with {@link SyncPods#CLOSE_RECONNECT} (its room is served elsewhere now).
     */
    void forward(RoutingContext ctx, Backend backend, URI target, String uri, String requestId,
                 BooleanSupplier unreachable, Runnable sentAway) {
        HttpServerRequest request = ctx.request();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(target.getHost())
                .setPort(GatewayRoutes.port(target))
                .setURI(uri)
                .setTimeout(config.connectTimeout().toMillis())
                .setHeaders(ForwardingHeaders.forWebSocket(request));
        String protocols = request.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String p : protocols.split(",")) {
                options.addSubProtocol(p.trim());
            }
        }
        websockets().connect(options)
                .onFailure(failure -> {
                    if (!(failure instanceof io.vertx.core.http.UpgradeRejectedException) && unreachable.getAsBoolean()) {
                        return;
                    }
                    request.resume();
                    BackendFailures.answer(ctx, backend, failure, requestId);
                })
                .onSuccess(upstream -> {
                    // the backend speaks first (sync-service's hello): its frames wait until the client's side
                    // is upgraded and spliced, or they would be dropped for want of a handler
                    upstream.pause();
                    Future<ServerWebSocket> upgraded;
                    try {
                        upgraded = request.toWebSocket();
                    } catch (IllegalStateException clientGone) {
                        // the client left while the backend was being reached: nobody to splice to
                        upstream.close((short) 1001, "the client left");
                        return;
                    }
                    upgraded
                            .onSuccess(downstream -> {
                                splice(downstream, upstream, sentAway);
                                upstream.resume();
                            })
                            .onFailure(e -> upstream.close((short) 1011, "client upgrade failed"));
                });
    }

    /** Relays frames both ways until either side closes, passing the close code on. */
    private static void splice(ServerWebSocket downstream, WebSocket upstream, Runnable sentAway) {
        if (upstream.isClosed()) {
            // the backend closed while the client's upgrade was under way (a pod that does not own the room says
            // 4503 at once): its close goes on, or the client would hold a socket that nobody answers
            passClose(upstream, downstream, sentAway);
            return;
        }
        if (downstream.isClosed()) {
            upstream.close((short) 1000, "the client left");
            return;
        }
        upstream.frameHandler(downstream::writeFrame);
        long[] message = {0};
        downstream.frameHandler(frame -> {
            // a message may come in fragments: it is their sum that must fit
            message[0] = (frame.isContinuation() ? message[0] : 0) + frame.binaryData().length();
            if (message[0] > MAX_FRAME_BYTES) {
                downstream.close(CLOSE_TOO_BIG, "messages are at most " + MAX_FRAME_BYTES + " bytes");
                return;
            }
            upstream.writeFrame(frame);
        });
        upstream.closeHandler(v -> passClose(upstream, downstream, sentAway));
        downstream.closeHandler(v -> {
            if (!upstream.isClosed()) {
                Short code = downstream.closeStatusCode();
                upstream.close(code != null ? code : 1000, downstream.closeReason());
            }
        });
        upstream.exceptionHandler(e -> downstream.close((short) 1011, "backend failed"));
        downstream.exceptionHandler(e -> upstream.close((short) 1011, "client failed"));
    }

    private static void passClose(WebSocket upstream, ServerWebSocket downstream, Runnable sentAway) {
        Short code = upstream.closeStatusCode();
        if (code != null && code == SyncPods.CLOSE_RECONNECT) {
            // before the client hears it, so that its reconnection is routed afresh
            sentAway.run();
        }
        if (!downstream.isClosed()) {
            downstream.close(code != null ? code : 1000, upstream.closeReason());
        }
    }
}
