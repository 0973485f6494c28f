package io.hyperstudy.sync.api;

import io.hyperstudy.model.api.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * This service's refusals as RFC 7807 problem+json. The room policy decides at the HTTP layer, before any
 * resource runs (a WebSocket upgrade has none), so refusals are written in three places: a request with no
 * credentials at all is answered 401 before authentication, the policy's 403 and a failed access check
 * (503) by a failure handler, and those of the REST endpoints by exception mappers.
 */
@ApplicationScoped
public class Refusals {
    private static final Logger LOG = Logger.getLogger(Refusals.class);

    void install(@Observes Router router) {
        router.route("/ws/*").order(Integer.MIN_VALUE).handler(this::requireCredentials);
        router.route("/api/*").order(Integer.MIN_VALUE).handler(this::requireCredentials);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::refuse);
    }

    /**
     * Every room path needs a token; without one there is nothing to authenticate, only to refuse. Browsers
     * send it in a sub-protocol entry, percent-encoded or not.
     */
    private void requireCredentials(RoutingContext ctx) {
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String protocols = ctx.request().getHeader("Sec-WebSocket-Protocol");
        if ((authorization == null || authorization.isBlank())
                && (protocols == null || !protocols.contains("quarkus-http-upgrade"))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            send(ctx, 401, "Unauthorized", "a bearer token or participant pass is required");
            return;
        }
        ctx.next();
    }

    private void refuse(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().headWritten() || failure == null) {
            ctx.next();
            return;
        }
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            send(ctx, 401, "Unauthorized", "a valid bearer token or participant pass is required");
        } else if (failure instanceof ForbiddenException) {
            send(ctx, 403, "Forbidden", "this token does not admit to this room");
        } else {
            LOG.warnf("cannot decide access to %s: %s", ctx.normalizedPath(), failure.toString());
            ctx.response().putHeader("Retry-After", "2");
            send(ctx, 503, "Service Unavailable", "access to this room cannot be checked now; retry later");
        }
    }

    private static void send(RoutingContext ctx, int status, String title, String detail) {
        Problem p = Problem.of(status, title, detail).withInstance(ctx.normalizedPath(),
                ctx.request().getHeader("X-Request-Id"));
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(p));
    }

    /** The same refusals where a REST endpoint's security check failed. */
    public static class Mappers {
        @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
        public Response unauthenticated(RuntimeException e, UriInfo uri) {
            return problem(401, "Unauthorized", "a valid bearer token or participant pass is required", uri)
                    .header("WWW-Authenticate", "Bearer").build();
        }

        @ServerExceptionMapper(ForbiddenException.class)
        public Response forbidden(ForbiddenException e, UriInfo uri) {
            return problem(403, "Forbidden", "this token does not admit to this room", uri).build();
        }

        @ServerExceptionMapper
        public Response web(jakarta.ws.rs.WebApplicationException e, UriInfo uri) {
            int status = e.getResponse().getStatus();
            Response.Status known = Response.Status.fromStatusCode(status);
            return problem(status, known != null ? known.getReasonPhrase() : "Error", e.getMessage(), uri).build();
        }

        /** The access check itself failed (experiment-service or Redis unreachable): never guessed. */
        @ServerExceptionMapper
        public Response unknown(RuntimeException e, UriInfo uri) {
            LOG.warnf("cannot answer %s: %s", uri.getPath(), e.toString());
            return problem(503, "Service Unavailable", "access to this room cannot be checked now; retry later", uri)
                    .header("Retry-After", "2").build();
        }

        private static Response.ResponseBuilder problem(int status, String title, String detail, UriInfo uri) {
            return Response.status(status).type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(status, title, detail).withInstance(uri.getPath(), null));
        }
    }
}
