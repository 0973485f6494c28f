package io.hyperstudy.sync.clock;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clock model at its edges: nonsense exchanges, a delayed one, a sudden fast path, skew. */
class ClockEstimatorTest {
    /** One exchange with a client clock {@code offset} ms ahead, running {@code skew} fast, and these delays. */
    static ClockEstimator.Verdict exchange(ClockEstimator c, double t1, double offset, double skew, double up, double down) {
        double t2 = t1 + up + offset + skew * (t1 + up);
        double t3 = t2 + 0.2;
        double t4 = t1 + up + 0.2 / (1 + skew) + down;
        return c.observe(t1, t2, t3, t4);
    }

    @Test
    void nonsenseIsRejectedAndChangesNothing() {
        ClockEstimator c = new ClockEstimator();
        assertEquals(ClockEstimator.Verdict.REJECTED_INVALID, c.observe(100, 50, 51, 90), "t4 before t1");
        assertEquals(ClockEstimator.Verdict.REJECTED_INVALID, c.observe(100, 60, 50, 120), "t3 before t2");
        assertEquals(ClockEstimator.Verdict.REJECTED_INVALID, c.observe(100, Double.NaN, 1, 120));
        assertEquals(ClockEstimator.Verdict.REJECTED_INVALID, c.observe(100, 0, 500, 120), "a negative round trip");
        assertFalse(c.hasEstimate());
        assertEquals(4, c.rejected());
    }

    @Test
    void symmetricExchangesFindTheOffsetAndTheConversionsInvertEachOther() {
        ClockEstimator c = new ClockEstimator();
        for (int i = 0; i < 40; i++) {
            assertEquals(ClockEstimator.Verdict.ACCEPTED, exchange(c, 1_000 + i * 250, 5_000, 0, 10, 10));
        }
        assertEquals(5_000, c.offsetAt(11_000), 0.5);
        assertEquals(20_000, c.toServerTime(c.toClientTime(20_000)), 1e-6);
        assertTrue(c.errorBoundMs() < 5, "a clean path bounds the error tightly: " + c.errorBoundMs());
    }

    @Test
    void anExchangeHeldUpInAQueueIsRejectedOnceTheModelStands() {
        ClockEstimator c = new ClockEstimator();
        for (int i = 0; i < 20; i++) {
            exchange(c, 1_000 + i * 250, 0, 0, 5, 5);
        }
        assertEquals(ClockEstimator.Verdict.REJECTED_DELAYED, exchange(c, 10_000, 0, 0, 5, 400));
        assertEquals(0, c.offsetAt(10_000), 0.5, "the delayed sample did not pull the estimate");
    }

    @Test
    void aSuddenlyFasterPathMakesTheModelLessSureNotWrong() {
        ClockEstimator c = new ClockEstimator();
        for (int i = 0; i < 30; i++) {
            exchange(c, 1_000 + i * 250, 100, 0, 60, 60);
        }
        double before = c.errorBoundMs();
        exchange(c, 20_000, 100, 0, 2, 2);
        assertTrue(c.errorBoundMs() > before, "the past round trips all queued: " + before + " → " + c.errorBoundMs());
    }

    @Test
    void aSkewedClockIsFollowed() {
        ClockEstimator c = new ClockEstimator();
        double skew = 50e-6; // 50 ppm fast
        for (int i = 0; i < 400; i++) {
            exchange(c, i * 500.0, 0, skew, 8, 8);
        }
        double t = 400 * 500.0;
        assertEquals(skew * t, c.offsetAt(t), 1.0);
        assertEquals(skew, c.skew(), 10e-6);
    }
}
