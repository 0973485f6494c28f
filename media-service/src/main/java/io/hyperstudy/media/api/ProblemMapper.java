package io.hyperstudy.media.api;

import io.hyperstudy.model.api.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of this service's REST API as RFC 7807 problem+json. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        return respond(e.problem(), uri, headers);
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
