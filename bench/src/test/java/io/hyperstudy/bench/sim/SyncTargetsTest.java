package io.hyperstudy.bench.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sync targets on the seeds the engine was tuned with, and the same verdict on a held-out set that
 * was first run only after the tuning was frozen. {@code SeedSweep} measures the share of random seeds
 * that meet every target (bench/README.md).
 */
class SyncTargetsTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theTuningSeedsMeetEveryTarget(long seed) {
        var misses = Targets.misses(seed);
        assertTrue(misses.isEmpty(), "seed " + seed + ": " + misses);
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 25, 2026})
    void heldOutSeedsGiveTheSameVerdict(long seed) {
        var misses = Targets.misses(seed);
        assertTrue(misses.isEmpty(), "held-out seed " + seed + ": " + misses);
    }

    @Test
    void theSameSeedGivesTheSameFigures() {
        assertEquals(new Simulation(Scenario.wan(), 42).run().report(), new Simulation(Scenario.wan(), 42).run().report());
    }

    @Test
    void aWorseNetworkGivesWorseFigures() {
        // the simulator is not flattering: the same seed on a slower, noisier path is measurably worse
        Figures lan = new Simulation(Scenario.lan(), 7).run();
        Figures mobile = new Simulation(Scenario.mobile(), 7).run();
        assertTrue(mobile.positionErrorMs(95, true) > 2 * lan.positionErrorMs(95, true));
        assertTrue(mobile.clockErrorMs(95, true) > 2 * lan.clockErrorMs(95, true));
    }
}
