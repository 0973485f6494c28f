package io.hyperstudy.experiment.api;

import io.hyperstudy.experiment.store.StoreUnavailableException;
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
    public Response storeDown(StoreUnavailableException e, UriInfo uri, HttpHeaders headers) {
        LOG.warn("store unavailable", e);
        return respond(Problem.of(503, "Service Unavailable", "the store did not answer; retry later"), uri, headers);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
        String detail = status == 400 ? "the request body is not valid JSON for this endpoint" : e.getMessage();
        return respond(Problem.of(status, title, detail), uri, headers);
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
