package io.hyperstudy.gateway.routing;

import io.hyperstudy.gateway.config.GatewayConfig;
import io.hyperstudy.gateway.throttle.RouteClass;
import io.hyperstudy.gateway.throttle.Throttle;
import io.hyperstudy.gateway.throttle.Verdict;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The one public way in: every {@code /api}, {@code /ws} and {@code /webhooks} request gets a request id,
 * is checked for size (414 for a long URI, 413 for a body over its route's limit) and counted against the
 * rate limits of its route class (429), then relayed to the backend that owns its path ({@link RouteTable};
 * 404 when none does). Callers: anyone; each backend authenticates the {@code Authorization} header that
 * is passed through. The gateway never forwards a backend's {@code /q/*}: those live on the services'
 * management interfaces, out of this path.
 */
@ApplicationScoped
public class GatewayRoutes {
    public static final String REQUEST_ID = "X-Request-Id";

    @Inject
    GatewayConfig config;

    @Inject
    Throttle throttle;

    @Inject
    HttpRelay http;

    @Inject
    WebSocketRelay websockets;

    @Inject
    RoomOwners owners;

    void routes(@Observes Router router) {
        router.routeWithRegex("/(api|ws|webhooks)(/.*)?").handler(this::forward);
    }

    private void forward(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String requestId = requestId(request);
        request.headers().set(REQUEST_ID, requestId);
        ctx.response().putHeader(REQUEST_ID, requestId);
        String path = ctx.normalizedPath();
        if (request.uri().length() > config.maxUriLength()) {
            refuse(ctx, 414, "URI Too Long", "the request URI is longer than " + config.maxUriLength()
                    + " characters", requestId);
            return;
        }
        var backend = RouteTable.backendFor(path);
        if (backend.isEmpty()) {
            Problems.send(ctx.response(), 404, "Not Found", "no service serves " + path, path, requestId);
            return;
        }
        boolean upgrade = isWebSocketUpgrade(request);
        RouteClass routeClass = RouteClass.of(request.method(), path, upgrade);
        long bodyLimit = bodyLimit(routeClass);
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (bodyLimit >= 0 && length != null && parses(length) && Long.parseLong(length) > bodyLimit) {
            refuseTooLarge(ctx, bodyLimit, requestId);
            return;
        }
        request.pause();
        throttle.check(routeClass, ForwardingHeaders.clientAddress(request), subject(request))
                .subscribe().with(verdict -> {
                    if (verdict.kind() == Verdict.Kind.LIMITED) {
                        ctx.response().putHeader("Retry-After", String.valueOf(verdict.retryAfterSeconds()));
                        refuse(ctx, 429, "Too Many Requests", "too many " + routeClass.key() + " requests from this "
                                + verdict.limitedBy() + "; retry after " + verdict.retryAfterSeconds() + " s", requestId);
                    } else if (verdict.kind() == Verdict.Kind.UNKNOWN && routeClass == RouteClass.REDEEM) {
                        // a newcomer is admitted only while the limits that protect the store can be counted
                        ctx.response().putHeader("Retry-After", "5");
                        refuse(ctx, 503, "Service Unavailable", "new participants cannot be admitted right now; "
                                + "retry in a few seconds", requestId);
                    } else {
                        dispatch(ctx, backend.get(), path, requestId, upgrade, bodyLimit);
                    }
                }, failure -> refuse(ctx, 500, "Internal Server Error", "the gateway failed", requestId));
    }

    private void dispatch(RoutingContext ctx, Backend backend, String path, String requestId, boolean upgrade,
                          long bodyLimit) {
        Optional<String> room = backend == Backend.SYNC ? RoomOwners.roomOf(path) : Optional.empty();
        if (room.isPresent()) {
            toRoom(ctx, room.get(), path, requestId, upgrade, bodyLimit, true);
        } else {
            send(ctx, backend, baseUrl(backend), path, requestId, upgrade, bodyLimit, () -> false, () -> { });
        }
    }

    /**
     * A room's socket and REST calls go to the sync pod that owns the room; a socket whose pod cannot be reached
     * (it died) is sent once more ({@code mayRetry}), to the pod the room is given to now.
     */
    private void toRoom(RoutingContext ctx, String roomId, String path, String requestId, boolean upgrade,
                        long bodyLimit, boolean mayRetry) {
        owners.resolve(roomId).subscribe().with(target -> send(ctx, Backend.SYNC, target, path, requestId, upgrade,
                bodyLimit, () -> {
                    if (!mayRetry) {
                        return false;
                    }
                    owners.unreachable(roomId, target);
                    toRoom(ctx, roomId, path, requestId, upgrade, bodyLimit, false);
                    return true;
                }, () -> owners.moved(roomId)), failure -> refuse(ctx, 500, "Internal Server Error", "the gateway failed", requestId));
    }

    private void send(RoutingContext ctx, Backend backend, URI target, String path, String requestId, boolean upgrade,
                      long bodyLimit, BooleanSupplier unreachable, Runnable sentAway) {
        HttpServerRequest request = ctx.request();
        String uri = path + (request.query() != null ? "?" + request.query() : "");
        if (upgrade) {
            websockets.forward(ctx, backend, target, uri, requestId, unreachable, sentAway);
        } else {
            http.forward(ctx, backend, target, uri, requestId, bodyLimit);
        }
    }

    /** The body limit of a route class in bytes; below zero for uploads, which media-service limits. */
    long bodyLimit(RouteClass routeClass) {
        return switch (routeClass) {
            case UPLOAD -> -1;
            case REDEEM -> config.bodies().redeem().asLongValue();
            case PARTICIPANT -> config.bodies().participant().asLongValue();
            case WEBHOOK -> config.bodies().webhook().asLongValue();
            default -> config.bodies().api().asLongValue();
        };
    }

    /** A refusal before the body was read: the rest of it is not wanted, so the connection closes after. */
    static void refuseTooLarge(RoutingContext ctx, long limit, String requestId) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        Problems.send(ctx.response(), 413, "Content Too Large", "the request body is larger than the "
                + limit + " bytes this endpoint takes", ctx.normalizedPath(), requestId);
    }

    private static void refuse(RoutingContext ctx, int status, String title, String detail, String requestId) {
        // the body, if any, is small (its route's limit): read and dropped, so the connection can be reused
        ctx.request().resume();
        Problems.send(ctx.response(), status, title, detail, ctx.normalizedPath(), requestId);
    }

    private URI baseUrl(Backend backend) {
        return switch (backend) {
            case EXPERIMENT -> config.experimentUrl();
            case SYNC -> config.syncUrl();
            case MEDIA -> config.mediaUrl();
        };
    }

    static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /**
     * The subject of the caller's bearer token (header or WebSocket sub-protocol), read without verifying
     * it: it only picks the rate-limit counter. A forged subject gains nothing, since the address limit
     * still counts, and the backend refuses the token.
     */
    static String subject(HttpServerRequest request) {
        String token = null;
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).strip();
        } else {
            String protocols = request.getHeader("Sec-WebSocket-Protocol");
            if (protocols != null) {
                for (String p : protocols.split(",")) {
                    // browsers percent-encode the entry (a sub-protocol may not hold spaces)
                    String entry = java.net.URLDecoder.decode(p.strip(), StandardCharsets.UTF_8);
                    int at = entry.indexOf("#Bearer ");
                    if (entry.startsWith("quarkus-http-upgrade#Authorization#") && at > 0) {
                        token = entry.substring(at + 8).strip();
                    }
                }
            }
        }
        if (token == null) {
            return null;
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3 || parts[1].length() > 8192) {
            return null;
        }
        try {
            String sub = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                    .getString("sub");
            return sub == null ? null : sub.replaceAll("[^A-Za-z0-9._@:-]", "_")
                    .substring(0, Math.min(sub.length(), 128));
        } catch (RuntimeException e) {
            return null;
        }
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

    private static boolean parses(String number) {
        return number.length() <= 18 && number.chars().allMatch(Character::isDigit) && !number.isEmpty();
    }
}
