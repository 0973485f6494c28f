package io.hyperstudy.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * An RFC 7807 problem document ({@code application/problem+json}), the error body of every
 * HyperStudy REST answer. {@code errors} names each offending field by its JSON path.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /**
     * A refusal a client acts on by kind rather than by status ({@code type} is then one of these, otherwise
     * {@code about:blank}): a closed or full session, a recruitment id someone already joined with, a resume
     * secret that does not fit. docs/sessions.md lists them.
     */
    public static final String SESSION_CLOSED = "urn:hyperstudy:problem:session-closed";
    public static final String SESSION_FULL = "urn:hyperstudy:problem:session-full";
    public static final String ALREADY_JOINED = "urn:hyperstudy:problem:already-joined";
    public static final String RESUME_INVALID = "urn:hyperstudy:problem:resume-invalid";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, null);
    }

    public Problem withInstance(String instance, String requestId) {
        return new Problem(type, title, status, detail, instance, requestId, errors);
    }

    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}
