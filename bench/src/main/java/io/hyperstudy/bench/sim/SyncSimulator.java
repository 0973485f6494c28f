package io.hyperstudy.bench.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints the sync figures for every scenario. Usage: {@code SyncSimulator [seed...]} (default seeds
 * 1 2 3). Deterministic: the same seed gives the same figures.
 */
public final class SyncSimulator {
    private SyncSimulator() {
    }

    public static void main(String[] args) {
        List<Long> seeds = new ArrayList<>();
        for (String a : args) {
            seeds.add(Long.parseLong(a));
        }
        if (seeds.isEmpty()) {
            seeds = List.of(1L, 2L, 3L);
        }
        long started = System.nanoTime();
        for (Scenario scenario : Scenario.all()) {
            for (long seed : seeds) {
                System.out.print(new Simulation(scenario, seed).run().report());
            }
        }
        System.out.printf("simulated in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
