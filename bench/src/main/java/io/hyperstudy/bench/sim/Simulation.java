package io.hyperstudy.bench.sim;

import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.RateCommand;
import io.hyperstudy.model.sync.Report;
import io.hyperstudy.model.sync.SeekCommand;
import io.hyperstudy.model.sync.SyncMessage;
import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.model.sync.TimelineCommand.Action;
import io.hyperstudy.sync.clock.ClockEstimator;
import io.hyperstudy.sync.clock.PingSchedule;
import io.hyperstudy.sync.control.PlaybackController;
import io.hyperstudy.sync.timeline.RoomTimeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A deterministic discrete-event simulation of one room: the server side runs the very classes the
 * sync-service runs ({@link ClockEstimator}, {@link PlaybackController}, {@link RoomTimeline},
 * {@link PingSchedule}); the clients are modelled players with skewed clocks, imperfect decoders and
 * slow seeks, behind modelled networks. The server clock is the simulation's true time.
 */
public final class Simulation {
    /** SIM_TRACE=scenario/client prints that client's every clock exchange. */
    private static final String TRACE = String.valueOf(System.getenv("SIM_TRACE"));
    static final double SAMPLE_EVERY_MS = 10;
    static final double CLOCK_SAMPLE_EVERY_MS = 100;
    static final double START_AT_MS = 3_000;
    static final double SETTLE_MS = 3_000;
    static final double CONVERGED_MS = 10;
    static final double CONVERGED_FOR_MS = 1_000;

    private record Event(double at, long seq, Runnable action) {
    }

    private final Scenario scenario;
    private final SplittableRandom random;
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Double.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final PingSchedule pings = PingSchedule.defaults();
    private final List<Client> clients = new ArrayList<>();
    private final Figures figures;
    private long seq;
    private double now;
    private RoomTimeline timeline = RoomTimeline.empty(0);
    private double lastTimelineEventAt;

    public Simulation(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.random = new SplittableRandom(seed);
        this.figures = new Figures(scenario, seed);
    }

    public Figures run() {
        timeline = timeline.apply(new TimelineCommand(Action.LOAD, "film", 0.0, null, null), 0);
        at(1_000, () -> changeTimeline(new TimelineCommand(Action.PLAY, null, 0.0, START_AT_MS, null)));
        lastTimelineEventAt = START_AT_MS;
        for (int i = 0; i < scenario.clients(); i++) {
            boolean late = i == scenario.clients() - 1 && scenario.lateJoinAtMs() >= 0;
            double joinAt = late ? scenario.lateJoinAtMs() : random.nextDouble() * 500;
            Client c = new Client(i, joinAt);
            clients.add(c);
            at(joinAt, c::connect);
        }
        if (scenario.hostSeekAtMs() >= 0) {
            at(scenario.hostSeekAtMs(), () -> {
                double from = timeline.positionAt(now);
                lastTimelineEventAt = now;
                clients.stream().filter(c -> c.connected).forEach(c -> c.expectConvergence("seek", now));
                changeTimeline(new TimelineCommand(Action.SEEK, null, from + 47_000, null, null));
            });
        }
        for (double t = 0; t <= scenario.durationMs(); t += SAMPLE_EVERY_MS) {
            double sampleAt = t;
            at(t, () -> sample(sampleAt));
        }
        while (!queue.isEmpty()) {
            Event e = queue.poll();
            if (e.at > scenario.durationMs()) {
                break;
            }
            now = e.at;
            e.action.run();
        }
        for (Client c : clients) {
            figures.seeks(c.controller.seeks());
            if (System.getenv("SIM_DEBUG") != null && !System.getenv("SIM_DEBUG").isEmpty()) {
                System.out.printf(java.util.Locale.ROOT,
                        "  client %d rtt %.0f bias %.1f skew %.0fppm est %.0fppm clockErr %.2f seeks %d accepted %d rejected %d minRtt %.1f%n",
                        c.index, c.down.baseMs() + c.up.baseMs(), c.bias(), c.clockSkew * 1e6, c.clock.skew() * 1e6,
                        c.clock.offsetAt(now) - c.trueOffset(now), c.controller.seeks(), c.clock.accepted(),
                        c.clock.rejected(), c.clock.minRttMs());
            }
        }
        return figures;
    }

    private void at(double time, Runnable action) {
        queue.add(new Event(time, seq++, action));
    }

    private void changeTimeline(TimelineCommand command) {
        timeline = timeline.apply(command, now);
        for (Client c : clients) {
            if (c.connected) {
                c.controller.onTimeline(timeline, c.clock, now).ifPresent(c::sendDown);
                RoomTimeline sent = timeline;
                c.deliver(() -> c.roomPlaying = sent.state() == PlaybackState.PLAYING);
            }
        }
    }

    private void sample(double t) {
        boolean running = timeline.state() == PlaybackState.PLAYING && t >= timeline.serverTime();
        for (Client c : clients) {
            if (!c.connected) {
                continue;
            }
            if (c.clock.hasEstimate() && t % CLOCK_SAMPLE_EVERY_MS == 0) {
                double error = c.clock.offsetAt(t) - c.trueOffset(t);
                figures.clockError(error, error - c.bias());
            }
            if (!running) {
                continue;
            }
            double error = c.position(t) - timeline.positionAt(t);
            double net = error + c.bias();
            c.track(t, net);
            if (TRACE.equals(scenario.name() + "/" + c.index) && t % 100 == 0 && t < 12_000) {
                System.out.printf(java.util.Locale.ROOT, "%8.0f position error net %7.2f ms, rate %.4f, clock err %.2f%n",
                        t, net, c.rate, c.clock.offsetAt(t) - c.trueOffset(t) - c.bias());
            }
            double steadyFrom = Math.max(c.joinAt, lastTimelineEventAt) + SETTLE_MS;
            // steady state: settled after the last join or seek, and before any future one
            if (t >= steadyFrom) {
                figures.positionError(error, net);
            }
        }
    }

    /** A participant: the server's view of it (clock model, controller) and the modelled browser. */
    private final class Client {
        final int index;
        final double joinAt;
        final ClockEstimator clock = new ClockEstimator();
        final PlaybackController controller = new PlaybackController();
        final Link down;
        final Link up;
        final double clockOffset;
        final double clockSkew;
        final double decoderError;
        final double rateLatency;
        final double seekLatencyMin;
        final double seekLatencyMax;
        final Map<Long, Double> pingsSent = new HashMap<>();
        long nextPingId;
        boolean connected;
        boolean roomPlaying;
        // the player
        boolean playing;
        boolean seeking;
        double position;
        double positionAt;
        double rate = 1.0;
        long seekToken;
        // convergence tracking
        String kind = "join";
        double reference;
        double withinSince = Double.NaN;
        boolean converged = true;

        Client(int index, double joinAt) {
            this.index = index;
            this.joinAt = joinAt;
            double rtt = scenario.rttMinMs() + random.nextDouble() * (scenario.rttMaxMs() - scenario.rttMinMs());
            double asymmetry = (random.nextDouble() * 2 - 1) * scenario.maxAsymmetryMs();
            this.down = new Link(rtt / 2 + asymmetry / 2, scenario, random.split());
            this.up = new Link(rtt / 2 - asymmetry / 2, scenario, random.split());
            this.clockOffset = (random.nextDouble() * 2 - 1) * 1_000;
            this.clockSkew = (random.nextDouble() * 2 - 1) * 200e-6;
            this.decoderError = (random.nextDouble() * 2 - 1) * 0.005;
            this.rateLatency = 20 + random.nextDouble() * 80;
            this.seekLatencyMin = 40 + random.nextDouble() * 60;
            this.seekLatencyMax = seekLatencyMin + random.nextDouble() * 250;
        }

        /** The bias an unobservable asymmetric path puts on the offset estimate. */
        double bias() {
            return (down.baseMs() - up.baseMs()) / 2;
        }

        double trueOffset(double t) {
            return clockOffset + clockSkew * t;
        }

        double clientClock(double t) {
            return t + trueOffset(t);
        }

        double trueTimeOf(double clientTime) {
            return (clientTime - clockOffset) / (1 + clockSkew);
        }

        double position(double t) {
            return playing ? position + (t - positionAt) * rate * (1 + decoderError) : position;
        }

        void settle() {
            position = position(now);
            positionAt = now;
        }

        void connect() {
            connected = true;
            expectConvergence("join", Math.max(now, START_AT_MS));
            RoomTimeline sent = timeline;
            deliver(() -> roomPlaying = sent.state() == PlaybackState.PLAYING);
            ping();
            at(now + random.nextDouble() * scenario.reportIntervalMs(), this::report);
        }

        /** Pings run on the server's timer, not after each pong, so a slow path does not slow the burst. */
        void ping() {
            long id = nextPingId++;
            pingsSent.put(id, now);
            deliver(() -> {
                double t2 = clientClock(now);
                double t3 = clientClock(now + 0.05);
                at(up.arrival(now + 0.05), () -> onPong(id, t2, t3));
            });
            at(now + pings.nextDelayMs(clock), this::ping);
        }

        void onPong(long id, double t2, double t3) {
            Double t1 = pingsSent.remove(id);
            if (t1 != null) {
                var verdict = clock.observe(t1, t2, t3, now);
                if (TRACE.equals(scenario.name() + "/" + index)) {
                    double measured = ((t2 - t1) + (t3 - now)) / 2 - trueOffset((t1 + now) / 2) - bias();
                    System.out.printf(java.util.Locale.ROOT, "%8.0f %-17s rtt %6.1f min %6.1f measErr %7.2f err %7.2f skew %5.0f ppm bound %.2f%n",
                            now, verdict, (now - t1) - (t3 - t2), clock.minRttMs(), measured,
                            clock.offsetAt(now) - trueOffset(now) - bias(), clock.skew() * 1e6, clock.errorBoundMs());
                }
            }
        }

        void report() {
            // the player's position is known to a granularity; the client reports the middle of its step
            double q = scenario.positionGranularityMs();
            double reported = Math.floor(position(now) / q) * q + q / 2;
            Report report = new Report(clientClock(now), reported, rate, !playing, seeking);
            at(up.arrival(now), () -> controller.onReport(report, timeline, clock, now).ifPresent(this::sendDown));
            at(now + scenario.reportIntervalMs(), this::report);
        }

        void sendDown(SyncMessage message) {
            if (message instanceof SeekCommand seek) {
                deliver(() -> onSeek(seek));
            } else if (message instanceof RateCommand r) {
                deliver(() -> at(now + rateLatency, () -> {
                    settle();
                    rate = r.rate();
                }));
            }
        }

        void deliver(Runnable onClient) {
            at(down.arrival(now), onClient);
        }

        void onSeek(SeekCommand seek) {
            settle();
            playing = false;
            seeking = true;
            position = seek.position();
            double ready = now + seekLatencyMin + random.nextDouble() * (seekLatencyMax - seekLatencyMin);
            double startAt = Math.max(trueTimeOf(seek.atClientTime()), ready) + random.nextDouble() * 2;
            long token = ++seekToken;
            at(ready, () -> {
                if (token == seekToken) {
                    seeking = false;
                }
            });
            at(startAt, () -> {
                if (token == seekToken && roomPlaying) {
                    settle();
                    playing = true;
                    rate = seek.rate();
                }
            });
        }

        /** Starts timing how long the client takes to be within {@value #CONVERGED_MS} ms for good. */
        void expectConvergence(String what, double from) {
            kind = what;
            reference = from;
            converged = false;
            withinSince = Double.NaN;
        }

        void track(double t, double error) {
            if (converged || t < reference) {
                return;
            }
            if (Math.abs(error) >= CONVERGED_MS) {
                withinSince = Double.NaN;
            } else if (Double.isNaN(withinSince)) {
                withinSince = t;
            } else if (t - withinSince >= CONVERGED_FOR_MS) {
                figures.convergence(kind, withinSince - reference);
                converged = true;
            }
        }
    }
}
