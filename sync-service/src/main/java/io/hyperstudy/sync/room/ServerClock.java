package io.hyperstudy.sync.room;

import jakarta.enterprise.context.ApplicationScoped;

/** The server's epoch clock in milliseconds, with sub-millisecond resolution. */
@ApplicationScoped
public class ServerClock {
    private final long epochOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    /** Monotonic between reads, anchored to the wall clock at start-up so that pods agree to NTP accuracy. */
    public double nowMillis() {
        return (System.nanoTime() + epochOffsetNanos) / 1e6;
    }
}
