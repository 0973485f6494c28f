package io.hyperstudy.sync.clock;

/**
 * When to ping a client next: quickly while its clock model is young (so a joining client is in sync
 * within a second), then at a steady pace that keeps the skew estimate fresh at little cost.
 */
public record PingSchedule(int burstSamples, double burstIntervalMs, double steadyIntervalMs) {

    public static PingSchedule defaults() {
        return new PingSchedule(8, 60, 500);
    }

    public double nextDelayMs(ClockEstimator clock) {
        return clock.accepted() < burstSamples ? burstIntervalMs : steadyIntervalMs;
    }
}
