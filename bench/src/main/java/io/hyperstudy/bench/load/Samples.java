package io.hyperstudy.bench.load;

import java.util.Arrays;

/** Values gathered during a run (up to a cap; the rest are dropped), and their percentiles. */
final class Samples {
    private final double[] values;
    private int count;

    Samples(int capacity) {
        values = new double[capacity];
    }

    synchronized void add(double v) {
        if (count < values.length) {
            values[count++] = v;
        }
    }

    /** The values kept, sorted. */
    synchronized double[] sorted() {
        double[] out = Arrays.copyOf(values, count);
        Arrays.sort(out);
        return out;
    }

    static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1,
                Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1))];
    }

    static double max(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }
}
