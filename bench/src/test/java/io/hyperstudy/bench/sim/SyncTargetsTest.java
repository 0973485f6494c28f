package io.hyperstudy.bench.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sync engine's targets (issue #3), net of the unobservable path-asymmetry bias, asserted on fixed
 * seeds, and the same verdict demanded of seeds nobody has seen: fresh ones on every run.
 */
class SyncTargetsTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void fixedSeedsMeetTheTargets(long seed) {
        List<String> misses = misses(seed);
        assertTrue(misses.isEmpty(), "seed " + seed + ": " + misses);
    }

    @Test
    void unseenSeedsGiveTheSameVerdict() {
        long base = System.nanoTime();
        for (long seed = base; seed < base + 3; seed++) {
            List<String> misses = misses(seed);
            assertTrue(misses.isEmpty(), "unseen seed " + seed + " (rerun: SyncSimulator " + seed + "): " + misses);
        }
    }

    @Test
    void theSameSeedGivesTheSameFigures() {
        assertEquals(new Simulation(Scenario.wan(), 42).run().report(), new Simulation(Scenario.wan(), 42).run().report());
    }

    static List<String> misses(long seed) {
        List<String> misses = new ArrayList<>();
        Figures lan = new Simulation(Scenario.lan(), seed).run();
        check(misses, lan, lan.positionErrorMs(95, true) <= 2, "LAN position p95 ≤ 2 ms");
        check(misses, lan, lan.clockErrorMs(95, true) <= 1, "LAN clock offset p95 ≤ 1 ms");
        checkJoin(misses, lan);

        Figures wan = new Simulation(Scenario.wan(), seed).run();
        check(misses, wan, wan.positionErrorMs(95, true) <= 5, "WAN position p95 ≤ 5 ms");
        check(misses, wan, wan.clockErrorMs(95, true) <= 3, "WAN clock offset p95 ≤ 3 ms");
        checkJoin(misses, wan);

        Figures mobile = new Simulation(Scenario.mobile(), seed).run();
        check(misses, mobile, mobile.positionErrorMs(95, true) <= 10, "mobile position p95 ≤ 10 ms");

        Figures join = new Simulation(Scenario.joinMidVideo(), seed).run();
        check(misses, join, join.positionErrorMs(95, true) <= 5, "position p95 ≤ 5 ms");
        checkJoin(misses, join);

        Figures seek = new Simulation(Scenario.hostSeek(), seed).run();
        check(misses, seek, seek.positionErrorMs(95, true) <= 5, "position p95 ≤ 5 ms");
        check(misses, seek, seek.convergedClients("seek") == seek.scenario().clients()
                && seek.worstConvergenceMs("seek") <= 1500, "every client within 10 ms ≤ 1.5 s after the host's seek");
        check(misses, seek, seek.maxSeeksPerClient() <= 2, "one hard seek for the join and one for the host's seek");
        return misses;
    }

    private static void checkJoin(List<String> misses, Figures f) {
        check(misses, f, f.convergedClients("join") == f.scenario().clients()
                && f.worstConvergenceMs("join") <= 1500, "every client within 10 ms ≤ 1.5 s after joining");
        check(misses, f, f.maxSeeksPerClient() <= 1, "at most one hard seek per client");
    }

    private static void check(List<String> misses, Figures f, boolean ok, String target) {
        if (!ok) {
            misses.add(f.scenario().name() + ": " + target + "\n" + f.report());
        }
    }
}
