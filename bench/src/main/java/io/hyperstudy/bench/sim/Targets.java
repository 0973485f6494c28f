package io.hyperstudy.bench.sim;

import java.util.ArrayList;
import java.util.List;

/** The sync engine's targets (issue #3), net of the unobservable path-asymmetry bias. */
public final class Targets {
    private Targets() {
    }

    /** Every target one seed misses, with the figures of the scenario that missed; empty when all are met. */
    public static List<String> misses(long seed) {
        List<String> misses = new ArrayList<>();
        Figures lan = new Simulation(Scenario.lan(), seed).run();
        check(misses, lan, lan.positionErrorMs(95, true) <= 2, "position p95 ≤ 2 ms");
        check(misses, lan, lan.clockErrorMs(95, true) <= 1, "clock offset p95 ≤ 1 ms");
        checkJoin(misses, lan);

        Figures wan = new Simulation(Scenario.wan(), seed).run();
        check(misses, wan, wan.positionErrorMs(95, true) <= 5, "position p95 ≤ 5 ms");
        check(misses, wan, wan.clockErrorMs(95, true) <= 3, "clock offset p95 ≤ 3 ms");
        checkJoin(misses, wan);

        Figures mobile = new Simulation(Scenario.mobile(), seed).run();
        check(misses, mobile, mobile.positionErrorMs(95, true) <= 10, "position p95 ≤ 10 ms");

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
