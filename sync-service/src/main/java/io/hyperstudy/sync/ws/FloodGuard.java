package io.hyperstudy.sync.ws;

/**
 * A token bucket per connection: {@code ratePerSecond} frames a second with bursts of {@code burst}.
 * Each frame over the limit is a strike; a client that keeps flooding is disconnected. Pure: time is
 * passed in, in milliseconds.
 */
final class FloodGuard {
    private final double ratePerMs;
    private final double burst;
    private final int maxStrikes;
    private double tokens;
    private double lastMs = Double.NaN;
    private int strikes;

    FloodGuard(double ratePerSecond, double burst, int maxStrikes) {
        this.ratePerMs = ratePerSecond / 1000;
        this.burst = burst;
        this.maxStrikes = maxStrikes;
        this.tokens = burst;
    }

    enum Verdict { ALLOW, REFUSE, DISCONNECT }

    Verdict admit(double nowMs) {
        if (!Double.isNaN(lastMs)) {
            tokens = Math.min(burst, tokens + Math.max(0, nowMs - lastMs) * ratePerMs);
        }
        lastMs = nowMs;
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ALLOW;
        }
        strikes++;
        return strikes > maxStrikes ? Verdict.DISCONNECT : Verdict.REFUSE;
    }
}
