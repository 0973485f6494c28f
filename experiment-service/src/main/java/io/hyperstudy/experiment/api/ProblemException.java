package io.hyperstudy.experiment.api;

import io.hyperstudy.model.api.Problem;
import io.hyperstudy.model.api.Problem.FieldError;

import java.util.List;

/** A request the service refuses, carrying the problem document to answer with. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return new ProblemException(new Problem("about:blank", "Bad Request", 400, detail, null, null,
                errors.isEmpty() ? null : errors));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, "Not Found", what + " does not exist"));
    }
}
