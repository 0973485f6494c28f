package io.hyperstudy.bench.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * How often a random seed misses a target: {@code SeedSweep [count] [first-seed]} (default 1000 seeds
 * from a seed drawn from the clock). Prints the share of seeds that meet every target and which
 * targets the others miss.
 */
public final class SeedSweep {
    private SeedSweep() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long first = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        Map<String, Integer> missed = new TreeMap<>();
        int failing = 0;
        for (long seed = first; seed < first + count; seed++) {
            var misses = Targets.misses(seed);
            if (!misses.isEmpty()) {
                failing++;
                System.out.println("seed " + seed + " misses: " + misses.stream().map(m -> m.substring(0, m.indexOf('\n'))).toList());
            }
            for (String m : misses) {
                missed.merge(m.substring(0, m.indexOf('\n')), 1, Integer::sum);
            }
        }
        System.out.printf("%d of %d seeds (from %d) meet every target (%.1f %%); misses by target: %s%n",
                count - failing, count, first, 100.0 * (count - failing) / count, missed);
    }
}
