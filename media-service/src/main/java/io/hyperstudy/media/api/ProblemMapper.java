package io.hyperstudy.media.api;

import io.hyperstudy.media.access.ExperimentAccess;
import io.hyperstudy.media.assets.AssetRefused;
import io.hyperstudy.model.api.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.UncheckedIOException;

/** Every error of this service's REST API as RFC 7807 problem+json. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        Response r = respond(e.problem(), uri, headers);
        if (e.contentSize() >= 0) {
            return Response.fromResponse(r).header("Content-Range", "bytes */" + e.contentSize()).build();
        }
        return r;
    }

    @ServerExceptionMapper
    public Response refused(AssetRefused e, UriInfo uri, HttpHeaders headers) {
        String title = switch (e.status()) {
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            default -> "Unsupported Media Type";
        };
        return respond(Problem.of(e.status(), title, e.getMessage()), uri, headers);
    }

    @ServerExceptionMapper
    public Response accessUnknown(ExperimentAccess.AccessUnknown e, UriInfo uri, HttpHeaders headers) {
        LOG.warn("cannot establish access: " + e.getMessage());
        return Response.fromResponse(respond(Problem.of(503, "Service Unavailable",
                "who may use this experiment's media cannot be checked now; retry later"), uri, headers))
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response unavailable(UncheckedIOException e, UriInfo uri, HttpHeaders headers) {
        LOG.warn("a dependency did not answer: " + e.getMessage());
        return Response.fromResponse(respond(Problem.of(503, "Service Unavailable",
                "the recordings catalogue or LiveKit cannot be reached now; retry later"), uri, headers))
                .header("Retry-After", "5").build();
    }

    /** No token, or one that is expired, forged or for another audience. */
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized",
                "a valid bearer token or participant pass is required"), uri, headers))
                .header("WWW-Authenticate", "Bearer").build();
    }

    /** A role the endpoint does not admit (its {@code @RolesAllowed}). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        return respond(Problem.of(403, "Forbidden", "this endpoint does not admit the caller's role"), uri, headers);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        var known = Response.Status.fromStatusCode(status);
        return respond(Problem.of(status, known != null ? known.getReasonPhrase() : "Error", e.getMessage()), uri,
                headers);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        LOG.error("unexpected error", e);
        return respond(Problem.of(500, "Internal Server Error", "an unexpected error occurred"), uri, headers);
    }

    private static Response respond(Problem problem, UriInfo uri, HttpHeaders headers) {
        Problem p = problem.withInstance(uri.getPath(), headers.getHeaderString("X-Request-Id"));
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
