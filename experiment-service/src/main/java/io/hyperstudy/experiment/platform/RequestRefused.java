package io.hyperstudy.experiment.platform;

import io.hyperstudy.model.api.Problem.FieldError;

import java.util.List;

/**
 * A request the service refuses, with the HTTP status that says why: 400 invalid (with field errors),
 * 403 not allowed, 404 unknown or invisible, 409/412 in conflict with the current state.
 */
public class RequestRefused extends RuntimeException {
    private final int status;
    private final String type;
    private final transient List<FieldError> errors;

    private RequestRefused(int status, String type, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    private RequestRefused(int status, String detail, List<FieldError> errors) {
        this(status, "about:blank", detail, errors);
    }

    /** The problem's {@code type}: one of {@link io.hyperstudy.model.api.Problem}'s kinds, or {@code about:blank}. */
    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public static RequestRefused invalid(String detail, List<FieldError> errors) {
        return new RequestRefused(400, detail, errors);
    }

    /** A refusal with the status that fits its worst field error (403 and 409 name fields too). */
    public static RequestRefused withErrors(int status, String detail, List<FieldError> errors) {
        return new RequestRefused(status, detail, errors);
    }

    public static RequestRefused forbidden(String detail) {
        return new RequestRefused(403, detail, List.of());
    }

    public static RequestRefused notFound(String what) {
        return new RequestRefused(404, what + " does not exist", List.of());
    }

    public static RequestRefused conflict(String detail) {
        return new RequestRefused(409, detail, List.of());
    }

    /** A conflict of a kind the client tells apart ({@code type}, from {@link io.hyperstudy.model.api.Problem}). */
    public static RequestRefused conflict(String type, String detail) {
        return new RequestRefused(409, type, detail, List.of());
    }

    public static RequestRefused preconditionFailed(String detail) {
        return new RequestRefused(412, detail, List.of());
    }
}
