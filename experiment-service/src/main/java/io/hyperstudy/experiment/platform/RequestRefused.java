package io.hyperstudy.experiment.platform;

import io.hyperstudy.model.api.Problem.FieldError;

import java.util.List;

/**
 * A request the service refuses, with the HTTP status that says why: 400 invalid (with field errors),
 * 403 not allowed, 404 unknown or invisible, 409/412 in conflict with the current state.
 */
public class RequestRefused extends RuntimeException {
    private final int status;
    private final transient List<FieldError> errors;

    private RequestRefused(int status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
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

    public static RequestRefused preconditionFailed(String detail) {
        return new RequestRefused(412, detail, List.of());
    }
}
