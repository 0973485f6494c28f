package io.hyperstudy.bench.sim;

/**
 * A network and player model for the simulator. Times in milliseconds. One-way delay on each
 * direction = base + an exponential queueing delay (mean {@code jitterMs / 2}) + occasional spikes; a
 * lost packet is retransmitted by TCP, so it arrives late rather than never, and each link is FIFO.
 */
public record Scenario(
        String name,
        int clients,
        double durationMs,
        double rttMinMs,
        double rttMaxMs,
        double jitterMs,
        double lossRate,
        double spikeRate,
        double spikeMs,
        double maxAsymmetryMs,
        double positionGranularityMs,
        double reportIntervalMs,
        double lateJoinAtMs,
        double hostSeekAtMs) {

    /** No late join / no host seek. */
    public static final double NEVER = -1;

    public static Scenario lan() {
        return new Scenario("LAN", 8, 60_000, 0.4, 2, 0.3, 0, 0.001, 5, 0.2, 1, 250, NEVER, NEVER);
    }

    public static Scenario wan() {
        return new Scenario("WAN", 8, 60_000, 40, 200, 20, 0, 0.01, 150, 20, 1, 250, NEVER, NEVER);
    }

    public static Scenario mobile() {
        return new Scenario("mobile", 8, 60_000, 150, 400, 60, 0.02, 0.02, 300, 20, 1, 250, NEVER, NEVER);
    }

    public static Scenario joinMidVideo() {
        return new Scenario("WAN join mid-video", 6, 60_000, 40, 200, 20, 0, 0.01, 150, 20, 1, 250, 25_000, NEVER);
    }

    public static Scenario hostSeek() {
        return new Scenario("WAN host seek", 6, 60_000, 40, 200, 20, 0, 0.01, 150, 20, 1, 250, NEVER, 25_000);
    }

    /** WAN, with a player whose position is only known to one 30 fps frame (no requestVideoFrameCallback). */
    public static Scenario wanCoarsePosition() {
        return new Scenario("WAN coarse position", 8, 60_000, 40, 200, 20, 0, 0.01, 150, 20, 1000.0 / 30, 250, NEVER,
                NEVER);
    }

    public static java.util.List<Scenario> all() {
        return java.util.List.of(lan(), wan(), mobile(), joinMidVideo(), hostSeek(), wanCoarsePosition());
    }
}
