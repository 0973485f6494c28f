package io.hyperstudy.bench.sim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** What one simulated run measured: error distributions, convergence times, seeks. */
public final class Figures {
    private final Scenario scenario;
    private final long seed;
    private final Samples positionError = new Samples();
    private final Samples positionErrorNet = new Samples();
    private final Samples clockError = new Samples();
    private final Samples clockErrorNet = new Samples();
    private final Map<String, Samples> convergence = new HashMap<>();
    private final Samples seeks = new Samples();

    Figures(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.seed = seed;
    }

    void positionError(double measured, double net) {
        positionError.add(Math.abs(measured));
        positionErrorNet.add(Math.abs(net));
    }

    void clockError(double measured, double net) {
        clockError.add(Math.abs(measured));
        clockErrorNet.add(Math.abs(net));
    }

    void convergence(String kind, double ms) {
        convergence.computeIfAbsent(kind, k -> new Samples()).add(ms);
    }

    void seeks(int count) {
        seeks.add(count);
    }

    public Scenario scenario() {
        return scenario;
    }

    public long seed() {
        return seed;
    }

    /** |position error| percentile in ms, net of the asymmetry bias or as measured. */
    public double positionErrorMs(double percentile, boolean net) {
        return (net ? positionErrorNet : positionError).percentile(percentile);
    }

    public double clockErrorMs(double percentile, boolean net) {
        return (net ? clockErrorNet : clockError).percentile(percentile);
    }

    /** The slowest convergence to within 10 ms after a join or a seek; NaN if none was timed. */
    public double worstConvergenceMs(String kind) {
        Samples s = convergence.get(kind);
        return s == null ? Double.NaN : s.max();
    }

    /** How many clients a kind of event was timed for (a client that never converged is missing). */
    public int convergedClients(String kind) {
        Samples s = convergence.get(kind);
        return s == null ? 0 : s.size();
    }

    public double maxSeeksPerClient() {
        return seeks.max();
    }

    public double meanSeeksPerClient() {
        return seeks.mean();
    }

    public String report() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s (seed %d, %d clients, %.0f s, path asymmetry up to %.1f ms)%n",
                scenario.name(), seed, scenario.clients(), scenario.durationMs() / 1000, scenario.maxAsymmetryMs()));
        out.append(String.format(Locale.ROOT,
                "  |position error| ms   measured p50 %.2f  p95 %.2f  p99 %.2f   net of asymmetry p50 %.2f  p95 %.2f  p99 %.2f  (%d samples)%n",
                positionError.percentile(50), positionError.percentile(95), positionError.percentile(99),
                positionErrorNet.percentile(50), positionErrorNet.percentile(95), positionErrorNet.percentile(99),
                positionError.size()));
        out.append(String.format(Locale.ROOT,
                "  |clock offset error| ms measured p50 %.2f  p95 %.2f             net of asymmetry p50 %.2f  p95 %.2f%n",
                clockError.percentile(50), clockError.percentile(95), clockErrorNet.percentile(50),
                clockErrorNet.percentile(95)));
        for (var e : convergence.entrySet()) {
            out.append(String.format(Locale.ROOT, "  to within 10 ms after %-5s  p50 %.0f ms  max %.0f ms  (%d of %d clients)%n",
                    e.getKey(), e.getValue().percentile(50), e.getValue().max(), e.getValue().size(),
                    e.getKey().equals("join") ? scenario.clients() : scenario.clients()));
        }
        out.append(String.format(Locale.ROOT, "  hard seeks per client  mean %.2f  max %.0f%n", seeks.mean(), seeks.max()));
        return out.toString();
    }

    /** A growable array of doubles with percentiles. */
    static final class Samples {
        private double[] values = new double[1024];
        private int size;
        private boolean sorted;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
            sorted = false;
        }

        int size() {
            return size;
        }

        double percentile(double p) {
            if (size == 0) {
                return Double.NaN;
            }
            if (!sorted) {
                Arrays.sort(values, 0, size);
                sorted = true;
            }
            int rank = (int) Math.ceil(p / 100 * size) - 1;
            return values[Math.max(0, Math.min(size - 1, rank))];
        }

        double max() {
            return percentile(100);
        }

        double mean() {
            double sum = 0;
            for (int i = 0; i < size; i++) {
                sum += values[i];
            }
            return size == 0 ? Double.NaN : sum / size;
        }
    }
}
