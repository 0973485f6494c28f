package io.hyperstudy.media.api;

import io.hyperstudy.model.api.Problem;

/** A request the service refuses, carrying the problem document to answer with. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(int status, String title, String detail) {
        super(detail);
        this.problem = Problem.of(status, title, detail);
    }

    /** A 416: says how large the content is, as RFC 9110 asks ({@code Content-Range: bytes *}/size). */
    public ProblemException(int status, String title, String detail, long contentSize) {
        this(status, title, detail);
        this.contentSize = contentSize;
    }

    private long contentSize = -1;

    public long contentSize() {
        return contentSize;
    }

    public Problem problem() {
        return problem;
    }
}
