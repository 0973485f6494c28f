package io.hyperstudy.bench.load;

import java.util.Arrays;

/** Values gathered during a run (up to a cap, then the rest are counted, not kept), and their percentiles. */
final class Samples {
    private final double[] values;
    private int count;
    private long offered;

    Samples(int capacity) {
        values = new double[capacity];
    }

    synchronized void add(double v) {
        offered++;
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

    synchronized long offered() {
        return offered;
    }

    static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1,
                Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1))];
    }

    static double max(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }
}
