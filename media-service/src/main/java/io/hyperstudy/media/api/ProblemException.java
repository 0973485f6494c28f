package io.hyperstudy.media.api;

import io.hyperstudy.model.api.Problem;

/** A request the service refuses, carrying the problem document to answer with. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(int status, String title, String detail) {
        super(detail);
        this.problem = Problem.of(status, title, detail);
    }

    public Problem problem() {
        return problem;
    }
}
