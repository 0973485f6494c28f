package io.hyperstudy.model.sync;

/** A client frame that the protocol refuses; becomes an {@link ErrorFrame}. */
public class ProtocolException extends RuntimeException {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorFrame toFrame() {
        return new ErrorFrame(code, getMessage());
    }
}
