package io.hyperstudy.gateway.routing;

import io.hyperstudy.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Forwards REST calls and WebSockets to the backend that owns the path (see {@link RouteTable}).
 * Callers: anyone; each backend authenticates the {@code Authorization} header that is passed through.
 * Adds {@code X-Request-Id} when absent and returns it on the answer. A backend that is down answers
 * 503, one that is too slow 504, one that breaks the exchange 502, all as problem+json.
 */
@ApplicationScoped
public class BackendProxy {
    public static final String REQUEST_ID = "X-Request-Id";
    private static final Logger LOG = Logger.getLogger(BackendProxy.class);
    /** Hop-by-hop headers (RFC 9110 §7.6.1) are the proxy's own business, never forwarded. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");
    /** Headers the WebSocket client sets itself. */
    private static final Set<String> WEBSOCKET_HANDSHAKE = Set.of("sec-websocket-key", "sec-websocket-version",
            "sec-websocket-extensions", "sec-websocket-protocol", "content-length");

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    private HttpClient http;
    private WebSocketClient websockets;

    void routes(@Observes Router router) {
        http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
        websockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxFrameSize(65_536));
        router.routeWithRegex("/(api|ws|webhooks)(/.*)?").handler(this::forward);
    }

    private void forward(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String requestId = requestId(request);
        request.headers().set(REQUEST_ID, requestId);
        ctx.response().putHeader(REQUEST_ID, requestId);
        String path = ctx.normalizedPath();
        var backend = RouteTable.backendFor(path);
        if (backend.isEmpty()) {
            Problems.send(ctx.response(), 404, "Not Found", "no service serves " + path, path, requestId);
            return;
        }
        URI target = baseUrl(backend.get());
        String uri = path + (request.query() != null ? "?" + request.query() : "");
        if (isWebSocketUpgrade(request)) {
            forwardWebSocket(ctx, backend.get(), target, uri, requestId);
        } else {
            forwardHttp(ctx, backend.get(), target, uri, requestId);
        }
    }

    private void forwardHttp(RoutingContext ctx, Backend backend, URI target, String uri, String requestId) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        request.pause();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(target.getHost())
                .setPort(port(target))
                .setURI(uri)
                .setConnectTimeout(config.connectTimeout().toMillis());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(request.headers(), headers, HOP_BY_HOP);
        addForwardingHeaders(request, headers);
        options.setHeaders(headers);
        http.request(options).onSuccess(outbound -> {
            outbound.response()
                    .onSuccess(answer -> relay(answer, response, requestId))
                    .onFailure(failure -> fail(ctx, backend, failure, requestId));
            if (!headers.contains(HttpHeaders.CONTENT_LENGTH)) {
                // a body of unknown length (chunked HTTP/1.1, or any HTTP/2 request) goes on chunked
                outbound.setChunked(true);
            }
            // the read timeout runs from the end of the request, so a large upload on a slow link is not
            // cut off for taking longer than the backend may take to answer
            request.pipeTo(outbound).onSuccess(sent -> {
                long timer = vertx.setTimer(config.readTimeout().toMillis(), t ->
                        outbound.reset(0, new TimeoutException("no answer within " + config.readTimeout())));
                outbound.response().onComplete(done -> vertx.cancelTimer(timer));
            }).onFailure(broken -> {
                // said aloud: a body that breaks off mid-way (client gone, backend answered early or died)
                // is otherwise only seen as a reset stream on one side and a closed channel on the other
                LOG.warnf("request body of %s to %s broke off after %d bytes (answer begun: %s): %s", requestId,
                        backend.serviceName(), request.bytesRead(), response.headWritten(), broken.toString());
                outbound.reset(0, broken);
            });
        }).onFailure(failure -> fail(ctx, backend, failure, requestId));
    }

    private void relay(HttpClientResponse answer, HttpServerResponse response, String requestId) {
        response.setStatusCode(answer.statusCode()).setStatusMessage(answer.statusMessage());
        copyHeaders(answer.headers(), response.headers(), HOP_BY_HOP);
        response.headers().set(REQUEST_ID, requestId);
        if (!answer.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        answer.pipeTo(response).onFailure(e -> {
            // the client went away (a <video> dropping a range it no longer wants): stop the backend's answer
            // too, or its next chunk would be written to a response that is over
            LOG.debugf("answer %s broke off: %s", requestId, e.getMessage());
            answer.request().reset();
            response.reset();
        });
    }

    private void forwardWebSocket(RoutingContext ctx, Backend backend, URI target, String uri, String requestId) {
        HttpServerRequest request = ctx.request();
        request.pause();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(target.getHost())
                .setPort(port(target))
                .setURI(uri)
                .setTimeout(config.connectTimeout().toMillis());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(request.headers(), headers, union(HOP_BY_HOP, WEBSOCKET_HANDSHAKE));
        addForwardingHeaders(request, headers);
        options.setHeaders(headers);
        String protocols = request.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String p : protocols.split(",")) {
                options.addSubProtocol(p.trim());
            }
        }
        websockets.connect(options)
                .onFailure(failure -> {
                    request.resume();
                    fail(ctx, backend, failure, requestId);
                })
                .onSuccess(upstream -> {
                    // the backend speaks first (sync-service's hello): its frames wait until the client's side
                    // is upgraded and spliced, or they would be dropped for want of a handler
                    upstream.pause();
                    request.toWebSocket()
                            .onSuccess(downstream -> {
                                splice(downstream, upstream);
                                upstream.resume();
                            })
                            .onFailure(e -> upstream.close((short) 1011, "client upgrade failed"));
                });
    }

    /** Relays frames both ways until either side closes, passing the close code on. */
    private static void splice(ServerWebSocket downstream, WebSocket upstream) {
        upstream.frameHandler(downstream::writeFrame);
        downstream.frameHandler(upstream::writeFrame);
        upstream.closeHandler(v -> {
            if (!downstream.isClosed()) {
                Short code = upstream.closeStatusCode();
                downstream.close(code != null ? code : 1000, upstream.closeReason());
            }
        });
        downstream.closeHandler(v -> {
            if (!upstream.isClosed()) {
                Short code = downstream.closeStatusCode();
                upstream.close(code != null ? code : 1000, downstream.closeReason());
            }
        });
        upstream.exceptionHandler(e -> downstream.close((short) 1011, "backend failed"));
        downstream.exceptionHandler(e -> upstream.close((short) 1011, "client failed"));
    }

    private void fail(RoutingContext ctx, Backend backend, Throwable failure, String requestId) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        String path = ctx.normalizedPath();
        if (failure instanceof UpgradeRejectedException rejected) {
            // the backend refused the handshake (401, 403, 404...): its verdict is the answer
            int status = rejected.getStatus();
            String title = io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
            Problems.send(response, status, title, backend.serviceName() + " refused the WebSocket", path,
                    requestId);
        } else if (isConnectFailure(failure)) {
            LOG.warnf("%s unreachable for %s: %s", backend.serviceName(), requestId, failure.getMessage());
            response.putHeader("Retry-After", "5");
            Problems.send(response, 503, "Service Unavailable", backend.serviceName() + " is unavailable", path,
                    requestId);
        } else if (isTimeout(failure)) {
            LOG.warnf("%s too slow for %s: %s", backend.serviceName(), requestId, failure.getMessage());
            Problems.send(response, 504, "Gateway Timeout", backend.serviceName() + " did not answer in time",
                    path, requestId);
        } else {
            LOG.warnf("%s failed for %s: %s", backend.serviceName(), requestId, failure.toString());
            Problems.send(response, 502, "Bad Gateway", backend.serviceName() + " broke off the exchange", path,
                    requestId);
        }
    }

    private static boolean isConnectFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            // Vert.x reports an idle request as its own NoStackTraceTimeoutException
            if (c instanceof TimeoutException || c.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private URI baseUrl(Backend backend) {
        return switch (backend) {
            case EXPERIMENT -> config.experimentUrl();
            case SYNC -> config.syncUrl();
            case MEDIA -> config.mediaUrl();
        };
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private static String requestId(HttpServerRequest request) {
        String given = request.getHeader(REQUEST_ID);
        // a caller's id is kept when it is a sane token; anything else could poison logs
        if (given != null && given.length() <= 128 && given.matches("[A-Za-z0-9._:-]+")) {
            return given;
        }
        return UUID.randomUUID().toString();
    }

    private static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return upgrade != null && "websocket".equals(upgrade.toLowerCase(Locale.ROOT));
    }

    private static void copyHeaders(MultiMap from, MultiMap to, Set<String> skip) {
        from.forEach(h -> {
            if (!skip.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                to.add(h.getKey(), h.getValue());
            }
        });
    }

    private static void addForwardingHeaders(HttpServerRequest request, MultiMap headers) {
        if (request.remoteAddress() != null) {
            String prior = request.getHeader("X-Forwarded-For");
            String client = request.remoteAddress().hostAddress();
            headers.set("X-Forwarded-For", prior == null ? client : prior + ", " + client);
        }
        headers.set("X-Forwarded-Proto", request.scheme() != null ? request.scheme() : "http");
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    Future<Void> close() {
        return http.close().compose(v -> websockets.close());
    }
}
