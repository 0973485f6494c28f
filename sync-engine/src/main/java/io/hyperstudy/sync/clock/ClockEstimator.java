package io.hyperstudy.sync.clock;

import org.apache.commons.math3.filter.KalmanFilter;
import org.apache.commons.math3.filter.MeasurementModel;
import org.apache.commons.math3.filter.ProcessModel;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * The model of one client's clock against the server's: {@code client = server + offset + skew·(server − t0)},
 * estimated with a Kalman filter over [offset, skew] from four-timestamp exchanges.
 *
 * <p>An exchange (t1 server send, t2 client receive, t3 client send, t4 server receive) measures the
 * offset as {@code ((t2 − t1) + (t3 − t4)) / 2}, wrong by half the difference of the two one-way delays.
 * Queueing only ever adds delay, so the exchanges with the least round-trip time are the truest: a
 * sample's measurement noise grows with its excess over the recent minimum round trip, and samples far
 * above it (delay spikes) are rejected. What no round-trip method can see is a constant asymmetry of
 * the path; it biases the offset by half of it, bounded by half the minimum round trip.
 *
 * <p>Pure: no clock reads, no I/O, no threads; times are milliseconds passed in by the caller.
 */
public final class ClockEstimator {

    /** Tuning; {@link #defaults()} is what the server runs. */
    public record Settings(
            int rttWindow,
            double rejectExcessFactor,
            double rejectExcessFloorMs,
            double baseNoiseMs,
            double offsetWanderMsPerSqrtS,
            double skewWanderPerSqrtS,
            double initialSkewSd,
            double residualQueueingShare) {

        public static Settings defaults() {
            return new Settings(32, 1.0, 4.0, 0.05, 0.02, 2e-7, 300e-6, 0.25);
        }
    }

    /** The verdict on one exchange. */
    public enum Verdict { ACCEPTED, REJECTED_DELAYED, REJECTED_INVALID }

    private final Settings settings;
    private final double[] rtts;
    private int rttCount;
    private int rttNext;

    private final Process process = new Process();
    private final Measurement measurement = new Measurement();
    private RealVector state;
    private RealMatrix covariance;
    private double anchor;
    private int accepted;
    private int rejected;

    public ClockEstimator() {
        this(Settings.defaults());
    }

    public ClockEstimator(Settings settings) {
        this.settings = settings;
        this.rtts = new double[settings.rttWindow()];
    }

    /** Folds in one exchange; all four times in milliseconds, t1 and t4 on the server clock. */
    public Verdict observe(double t1, double t2, double t3, double t4) {
        double rtt = (t4 - t1) - (t3 - t2);
        if (!(rtt >= 0) || t4 < t1 || t3 < t2 || !Double.isFinite(t2 + t3)) {
            rejected++;
            return Verdict.REJECTED_INVALID;
        }
        double previousMin = rttCount == 0 ? rtt : minRtt();
        remember(rtt);
        double minRtt = minRtt();
        if (state != null && previousMin - minRtt > settings.rejectExcessFloorMs()) {
            distrustPast(previousMin - minRtt);
        }
        double excess = rtt - minRtt;
        if (state != null && excess > Math.max(settings.rejectExcessFloorMs(),
                settings.rejectExcessFactor() * minRtt)) {
            rejected++;
            return Verdict.REJECTED_DELAYED;
        }
        double measured = ((t2 - t1) + (t3 - t4)) / 2;
        double at = (t1 + t4) / 2;
        // Given a round trip's queueing S = excess + the residual queueing of the best recent exchange,
        // the split between the two directions is roughly uniform on [0, S]: the offset error is
        // uniform on ±S/2, whose standard deviation is S/(2·√3).
        // Until the window holds enough round trips to know the path's best case, the best one seen
        // may itself be far above it: only half the round trip bounds the error then.
        double residual = rttCount < settings.rttWindow() / 4
                ? minRtt / 2
                : settings.residualQueueingShare() * medianExcess(minRtt);
        double queueing = excess + residual;
        double sd = settings.baseNoiseMs() + queueing / (2 * Math.sqrt(3));
        measurement.noise = sd * sd;
        if (state == null) {
            anchor = at;
            state = new ArrayRealVector(new double[] {measured, 0});
            covariance = new Array2DRowRealMatrix(new double[][] {
                    {sd * sd, 0}, {0, settings.initialSkewSd() * settings.initialSkewSd()}});
        } else {
            // commons-math3 fixes the transition matrix per filter, and samples come at uneven
            // intervals: each step is a filter built from the current estimate with this step's matrix
            double dt = Math.max(0, at - anchor);
            process.setStep(dt, state, covariance);
            KalmanFilter filter = new KalmanFilter(process, measurement);
            filter.predict();
            filter.correct(new double[] {measured});
            state = filter.getStateEstimationVector();
            covariance = filter.getErrorCovarianceMatrix();
            // the state is the offset at the latest sample
            anchor = Math.max(at, anchor);
        }
        accepted++;
        return Verdict.ACCEPTED;
    }

    /**
     * A round trip far shorter than any in the window shows that the earlier ones all queued (a
     * retransmission holds up the pings behind it, for one): the estimate built on them may be off by
     * up to half the difference, and its skew is suspect.
     */
    private void distrustPast(double drop) {
        double[][] p = covariance.getData();
        p[0][0] += drop * drop / 4;
        p[1][1] = Math.max(p[1][1], settings.initialSkewSd() * settings.initialSkewSd());
        covariance = new Array2DRowRealMatrix(p, false);
    }

    public boolean hasEstimate() {
        return state != null;
    }

    /** Exchanges accepted so far. */
    public int accepted() {
        return accepted;
    }

    public int rejected() {
        return rejected;
    }

    /** Client clock minus server clock at server time {@code serverTime}. */
    public double offsetAt(double serverTime) {
        double[] x = state();
        return x[0] + x[1] * (serverTime - anchor);
    }

    /** Standard deviation of the skew estimate. */
    public double skewSd() {
        return covariance == null ? Double.POSITIVE_INFINITY : Math.sqrt(covariance.getEntry(1, 1));
    }

    /** Client clock rate minus one (e.g. 1e-4 = 100 ppm fast). */
    public double skew() {
        return state()[1];
    }

    public double toClientTime(double serverTime) {
        return serverTime + offsetAt(serverTime);
    }

    public double toServerTime(double clientTime) {
        double[] x = state();
        // clientTime = s + x0 + x1·(s − anchor)  ⇒  s = (clientTime − x0 + x1·anchor) / (1 + x1)
        return (clientTime - x[0] + x[1] * anchor) / (1 + x[1]);
    }

    /** Two standard deviations of the offset estimate, in ms (what the filter itself is sure of). */
    public double errorBoundMs() {
        if (covariance == null) {
            return Double.POSITIVE_INFINITY;
        }
        return 2 * Math.sqrt(covariance.getEntry(0, 0));
    }

    /** The most that an unobservable path asymmetry can bias the offset: half the minimum round trip. */
    public double asymmetryBoundMs() {
        return rttCount == 0 ? Double.POSITIVE_INFINITY : minRtt() / 2;
    }

    public double minRttMs() {
        return rttCount == 0 ? Double.NaN : minRtt();
    }

    private double[] state() {
        if (state == null) {
            throw new IllegalStateException("no exchange observed yet");
        }
        return state.toArray();
    }

    private void remember(double rtt) {
        rtts[rttNext] = rtt;
        rttNext = (rttNext + 1) % rtts.length;
        rttCount = Math.min(rttCount + 1, rtts.length);
    }

    private double medianExcess(double minRtt) {
        double[] excess = new double[rttCount];
        for (int i = 0; i < rttCount; i++) {
            excess[i] = rtts[i] - minRtt;
        }
        java.util.Arrays.sort(excess);
        return excess[rttCount / 2];
    }

    private double minRtt() {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < rttCount; i++) {
            min = Math.min(min, rtts[i]);
        }
        return min;
    }

    /** Constant offset drift plus a slowly wandering skew, over a step of {@code dt} ms. */
    private final class Process implements ProcessModel {
        private RealVector initialState;
        private RealMatrix initialCovariance;
        private RealMatrix transition;
        private RealMatrix noise;

        void setStep(double dt, RealVector from, RealMatrix fromCovariance) {
            initialState = from;
            initialCovariance = fromCovariance;
            transition = new Array2DRowRealMatrix(new double[][] {{1, dt}, {0, 1}});
            double seconds = dt / 1000;
            double qo = sq(settings.offsetWanderMsPerSqrtS()) * seconds;
            // skew wander per ms of time: its effect on the offset grows with dt²
            double qk = sq(settings.skewWanderPerSqrtS()) * seconds;
            noise = new Array2DRowRealMatrix(new double[][] {
                    {qo + qk * dt * dt / 3, qk * dt / 2}, {qk * dt / 2, qk}});
        }

        @Override
        public RealMatrix getStateTransitionMatrix() {
            return transition;
        }

        @Override
        public RealMatrix getControlMatrix() {
            return null;
        }

        @Override
        public RealMatrix getProcessNoise() {
            return noise;
        }

        @Override
        public RealVector getInitialStateEstimate() {
            return initialState;
        }

        @Override
        public RealMatrix getInitialErrorCovariance() {
            return initialCovariance;
        }
    }

    private static final class Measurement implements MeasurementModel {
        private static final RealMatrix H = new Array2DRowRealMatrix(new double[][] {{1, 0}});
        double noise;

        @Override
        public RealMatrix getMeasurementMatrix() {
            return H;
        }

        @Override
        public RealMatrix getMeasurementNoise() {
            return new Array2DRowRealMatrix(new double[][] {{noise}});
        }
    }

    private static double sq(double v) {
        return v * v;
    }
}
