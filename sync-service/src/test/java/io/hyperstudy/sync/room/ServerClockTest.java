package io.hyperstudy.sync.room;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pods started at different instants read one clock: a room moved from one pod to another keeps its timeline
 * only as well as their clocks agree, so their anchors must not carry the millisecond truncation of
 * {@code currentTimeMillis} (up to 1 ms apart, at random).
 */
class ServerClockTest {

    @Test
    void clocksMadeAtDifferentInstantsAgreeToWellUnderAMillisecond() {
        double worst = 0;
        for (int i = 0; i < 40; i++) {
            ServerClock a = new ServerClock();
            // a start a fraction of a millisecond later, as another pod's would be
            LockSupport.parkNanos(37_000 * (i % 27));
            ServerClock b = new ServerClock();
            double before = wallMillis();
            double readA = a.nowMillis();
            double readB = b.nowMillis();
            double after = wallMillis();
            // each read lies between the wall clock's before and after (a pause in between only widens them)
            double off = Math.max(Math.max(before - readA, readA - after), Math.max(before - readB, readB - after));
            worst = Math.max(worst, Math.max(off, 0));
        }
        assertTrue(worst < 0.1, "a pod's clock is off the wall clock by " + worst + " ms");
    }

    private static double wallMillis() {
        Instant wall = Instant.now();
        return wall.getEpochSecond() * 1e3 + wall.getNano() / 1e6;
    }
}
