package io.hyperstudy.experiment.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.store.StoreUnavailableException;
import io.hyperstudy.model.api.Problem;
import io.hyperstudy.model.api.Problem.FieldError;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Every error of this service's REST API as RFC 7807 problem+json. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response refused(RequestRefused e, UriInfo uri, HttpHeaders headers) {
        Problem p = new Problem(e.type(), title(e.status()), e.status(), e.getMessage(), null, null,
                e.errors().isEmpty() ? null : e.errors());
        return respond(p, uri, headers);
    }

    /** A body that is JSON but not of the expected shape: name the field, as validation does. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri, HttpHeaders headers) {
        String path = path(e);
        String message;
        if (e instanceof InvalidTypeIdException typeId) {
            path = path.isEmpty() ? "type" : path + ".type";
            message = typeId.getTypeId() == null ? "is required" : "is not a known type: " + typeId.getTypeId();
        } else if (e instanceof UnrecognizedPropertyException) {
            message = "is not a known field";
        } else if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            message = "must be one of " + Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(c -> enumName((Enum<?>) c)).collect(Collectors.joining(", "));
        } else {
            message = "has the wrong type" + (e.getTargetType() == null ? "" : ": expected "
                    + describe(e.getTargetType()));
        }
        Problem p = new Problem("about:blank", "Bad Request", 400, "the request body does not have the expected shape",
                null, null, List.of(new FieldError(path.isEmpty() ? "(body)" : path, message)));
        return respond(p, uri, headers);
    }

    /** No token, or one that is expired, forged or for another audience. */
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized",
                "a valid bearer token is required"), uri, headers)).header("WWW-Authenticate", "Bearer").build();
    }

    /** A valid token whose roles do not allow the call. */
    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        return respond(Problem.of(403, "Forbidden", "this token's roles do not allow this call"), uri, headers);
    }

    @ServerExceptionMapper
    public Response storeDown(StoreUnavailableException e, UriInfo uri, HttpHeaders headers) {
        LOG.warn("store unavailable", e);
        return respond(Problem.of(503, "Service Unavailable", "the store did not answer; retry later"), uri, headers);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        String detail = status == 400 ? "the request body is not valid JSON for this endpoint" : e.getMessage();
        return respond(Problem.of(status, title(status), detail), uri, headers);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        if (unreachable(e)) {
            // Redis (the waiting room) or another dependency is down: the request may be retried as it is
            LOG.warn("a dependency is unreachable: " + e);
            return Response.fromResponse(respond(Problem.of(503, "Service Unavailable",
                    "a service this request needs is unavailable; retry later"), uri, headers))
                    .header("Retry-After", "2").build();
        }
        LOG.error("unexpected error", e);
        return respond(Problem.of(500, "Internal Server Error", "an unexpected error occurred"), uri, headers);
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.ConnectException || c instanceof java.nio.channels.ClosedChannelException
                    || c.getClass().getName().startsWith("io.netty.channel.ConnectTimeout")) {
                return true;
            }
        }
        return false;
    }

    private static Response respond(Problem problem, UriInfo uri, HttpHeaders headers) {
        Problem p = problem.withInstance(uri.getPath(), headers.getHeaderString("X-Request-Id"));
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String title(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        return s != null ? s.getReasonPhrase() : "Error";
    }

    /** The JSON path Jackson was at, in the notation validation uses: {@code definition.states[2].focus}. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String enumName(Enum<?> constant) {
        try {
            var property = constant.getDeclaringClass().getField(constant.name())
                    .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
            return property != null ? property.value() : constant.name();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
