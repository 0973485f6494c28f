package io.hyperstudy.model.sync;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum ErrorCode {
    /** Not JSON, or not an object. */
    @JsonProperty("malformed") MALFORMED,
    /** A protocol version this server does not speak. */
    @JsonProperty("unsupported-version") UNSUPPORTED_VERSION,
    /** A {@code type} nobody knows, or one only the server sends. */
    @JsonProperty("unknown-type") UNKNOWN_TYPE,
    /** A known type with missing or out-of-range fields. */
    @JsonProperty("invalid") INVALID,
    /** The frame is larger than the server accepts. */
    @JsonProperty("too-large") TOO_LARGE,
    /** The sender's role may not send this. */
    @JsonProperty("forbidden") FORBIDDEN,
    /** The sender exceeded its message rate. */
    @JsonProperty("rate-limited") RATE_LIMITED
}
