package io.hyperstudy.sync.room;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** The server's epoch clock in milliseconds, with sub-millisecond resolution. */
@ApplicationScoped
public class ServerClock {
    private final long epochOffsetNanos = anchor();

    /** Monotonic between reads, anchored to the wall clock at start-up so that pods agree to NTP accuracy. */
    public double nowMillis() {
        return (System.nanoTime() + epochOffsetNanos) / 1e6;
    }

    /**
     * The wall clock to the microsecond (not {@code currentTimeMillis}, whose truncation would put each pod up
     * to a millisecond off the others, and a room moved between pods that much off its timeline).
     */
    private static long anchor() {
        Instant wall = Instant.now();
        long mono = System.nanoTime();
        return wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - mono;
    }
}
