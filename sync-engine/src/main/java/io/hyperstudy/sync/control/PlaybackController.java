package io.hyperstudy.sync.control;

import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.RateCommand;
import io.hyperstudy.model.sync.Report;
import io.hyperstudy.model.sync.SeekCommand;
import io.hyperstudy.model.sync.SyncMessage;
import io.hyperstudy.sync.clock.ClockEstimator;
import io.hyperstudy.sync.timeline.RoomTimeline;

import java.util.Optional;

/**
 * Keeps one client's player on the room timeline. The error is the client's reported position minus
 * where the timeline says it should be at the same instant (the report's client time mapped to server
 * time through the client's clock model). Errors beyond {@code seekThresholdMs} are corrected with a
 * seek scheduled on the client clock, far enough ahead for the player to seek and wait; smaller errors
 * drive a PI controller on {@code playbackRate}, bounded, slew-limited, and quiet inside a dead band so
 * that the client is not flooded with negligible changes. The integral term learns the client's own
 * decoder rate error.
 *
 * <p>Pure: no clock reads, no I/O; the caller passes server time in milliseconds.
 */
public final class PlaybackController {

    public record Settings(
            double seekThresholdMs,
            double pausedToleranceMs,
            double kp,
            double ki,
            double maxIntegralRate,
            double minRate,
            double maxRate,
            double maxRateStep,
            double rateDeadBand,
            double seekCooldownMs,
            double seekLeadMs,
            double settleMs,
            int minClockSamples,
            double reaimMs) {

        public static Settings defaults() {
            return new Settings(45, 4, 0.0012, 0.0006, 0.02, 0.95, 1.05, 0.02, 0.0002, 1500, 450, 60, 4, 1);
        }
    }

    private final Settings settings;
    private double rate = 1.0;
    private double integral;
    private double lastReportAt = Double.NaN;
    private double seekSettlesAtClient = Double.NEGATIVE_INFINITY;
    private double lastSeekAt = Double.NEGATIVE_INFINITY;
    private double lastErrorMs = Double.NaN;
    private int seeks;
    private PendingSeek pending;

    public PlaybackController() {
        this(Settings.defaults());
    }

    public PlaybackController(Settings settings) {
        this.settings = settings;
    }

    /** What to tell the client after its report, if anything. */
    public Optional<SyncMessage> onReport(Report report, RoomTimeline timeline, ClockEstimator clock,
                                          double serverNow) {
        if (!clock.hasEstimate() || clock.accepted() < settings.minClockSamples() || timeline.mediaId() == null) {
            return Optional.empty();
        }
        if (report.clientTime() < seekSettlesAtClient || report.buffering()) {
            // a seek is under way, or the player is waiting for data: its position says nothing yet.
            // While the landing is still far off, the clock model keeps improving: re-aim if it moved.
            lastReportAt = Double.NaN;
            return reaim(clock, serverNow);
        }
        double at = clock.toServerTime(report.clientTime());
        boolean running = timeline.state() == PlaybackState.PLAYING && at >= timeline.serverTime();
        if (!running) {
            double error = report.position() - timeline.position();
            lastErrorMs = error;
            lastReportAt = Double.NaN;
            boolean waiting = timeline.state() == PlaybackState.PLAYING;
            if ((!report.paused() && !waiting || Math.abs(error) > settings.pausedToleranceMs()) && mayReseek(serverNow)) {
                return Optional.of(seek(timeline, clock, serverNow));
            }
            return Optional.empty();
        }
        double error = report.position() - timeline.positionAt(at);
        lastErrorMs = error;
        if (report.paused() || Math.abs(error) > settings.seekThresholdMs()) {
            lastReportAt = Double.NaN;
            return mayReseek(serverNow) ? Optional.of(seek(timeline, clock, serverNow)) : Optional.empty();
        }
        double dtSeconds = Double.isNaN(lastReportAt) ? 0 : Math.min(1.0, Math.max(0, at - lastReportAt) / 1000);
        lastReportAt = at;
        double limit = settings.maxIntegralRate() / settings.ki();
        integral = Math.max(-limit, Math.min(limit, integral + error * dtSeconds));
        double desired = clamp(timeline.rate() * (1 - settings.kp() * error - settings.ki() * integral),
                timeline.rate() * settings.minRate(), timeline.rate() * settings.maxRate());
        double next = clamp(desired, rate - settings.maxRateStep(), rate + settings.maxRateStep());
        if (Math.abs(next - rate) < settings.rateDeadBand()) {
            return Optional.empty();
        }
        rate = next;
        return Optional.of(new RateCommand(rate));
    }

    /**
     * The room timeline changed (load, play at a future instant, seek, pause): where this client must be
     * and when, on its own clock.
     */
    public Optional<SyncMessage> onTimeline(RoomTimeline timeline, ClockEstimator clock, double serverNow) {
        if (!clock.hasEstimate() || timeline.mediaId() == null) {
            return Optional.empty();
        }
        return Optional.of(seek(timeline, clock, serverNow));
    }

    private Optional<SyncMessage> reaim(ClockEstimator clock, double serverNow) {
        if (pending == null || pending.atServer() - serverNow < settings.seekLeadMs()) {
            return Optional.empty();
        }
        double atClient = clock.toClientTime(pending.atServer());
        if (Math.abs(atClient - pending.command().atClientTime()) < settings.reaimMs()) {
            return Optional.empty();
        }
        pending = new PendingSeek(pending.atServer(),
                new SeekCommand(pending.command().position(), atClient, pending.command().rate()));
        seekSettlesAtClient = atClient + settings.settleMs();
        return Optional.of(pending.command());
    }

    private SyncMessage seek(RoomTimeline timeline, ClockEstimator clock, double serverNow) {
        boolean playing = timeline.state() == PlaybackState.PLAYING;
        double at = playing ? Math.max(timeline.serverTime(), serverNow + settings.seekLeadMs()) : serverNow;
        double atClient = clock.toClientTime(at);
        seeks++;
        lastSeekAt = serverNow;
        seekSettlesAtClient = atClient + (playing ? settings.settleMs() : 0);
        lastReportAt = Double.NaN;
        rate = playing ? clamp(timeline.rate() * (1 - settings.ki() * integral), timeline.rate() * settings.minRate(),
                timeline.rate() * settings.maxRate()) : rate;
        SeekCommand command = new SeekCommand(playing ? timeline.positionAt(at) : timeline.position(), atClient, rate);
        pending = playing ? new PendingSeek(at, command) : null;
        return command;
    }

    /** A seek sent and not yet landed: re-aimed, not repeated, while the clock model improves. */
    private record PendingSeek(double atServer, SeekCommand command) {
    }

    private boolean mayReseek(double serverNow) {
        return serverNow - lastSeekAt >= settings.seekCooldownMs();
    }

    /** The rate last commanded. */
    public double rate() {
        return rate;
    }

    /** The latest error seen, ms (positive: the client is ahead). */
    public double lastErrorMs() {
        return lastErrorMs;
    }

    public int seeks() {
        return seeks;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
