package io.hyperstudy.bench.sim;

import java.util.SplittableRandom;

/** One direction of a client's connection: FIFO, with base delay, queueing jitter, spikes and retransmits. */
final class Link {
    private final double baseMs;
    private final Scenario scenario;
    private final SplittableRandom random;
    private double lastArrival = Double.NEGATIVE_INFINITY;

    Link(double baseMs, Scenario scenario, SplittableRandom random) {
        this.baseMs = baseMs;
        this.scenario = scenario;
        this.random = random;
    }

    double baseMs() {
        return baseMs;
    }

    /** When a message sent at {@code now} arrives. */
    double arrival(double now) {
        double delay = baseMs + exponential(scenario.jitterMs() / 2);
        if (random.nextDouble() < scenario.spikeRate()) {
            delay += random.nextDouble() * scenario.spikeMs();
        }
        if (random.nextDouble() < scenario.lossRate()) {
            // TCP retransmission after at least 200 ms
            delay += Math.max(200, 2 * (scenario.rttMinMs() + scenario.rttMaxMs()) / 2);
        }
        lastArrival = Math.max(now + delay, lastArrival + 0.001);
        return lastArrival;
    }

    private double exponential(double mean) {
        return mean <= 0 ? 0 : -mean * Math.log(1 - random.nextDouble());
    }
}
