package io.hyperstudy.gateway.throttle;

/** What the throttle says of one request: go on, or wait {@code retryAfterSeconds}; or it could not say. */
public record Verdict(Kind kind, long retryAfterSeconds, String limitedBy) {
    public enum Kind { ALLOW, LIMITED, UNKNOWN }

    static final Verdict ALLOW = new Verdict(Kind.ALLOW, 0, null);
    static final Verdict UNKNOWN = new Verdict(Kind.UNKNOWN, 0, null);

    static Verdict limited(long retryAfterMs, String by) {
        return new Verdict(Kind.LIMITED, Math.max(1, (retryAfterMs + 999) / 1000), by);
    }
}
