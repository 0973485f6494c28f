package io.hyperstudy.experiment.platform;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs blocking work every period on a worker thread, never two rounds at once: a round that overruns
 * its period makes the next tick skip rather than pile up behind it.
 */
public final class Ticker {
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final long timer;

    private final Runnable work;

    private Ticker(Vertx vertx, Duration period, Runnable work) {
        this.vertx = vertx;
        this.work = work;
        this.timer = vertx.setPeriodic(period.toMillis(), id -> now());
    }

    /** Runs a round at once, unless one is running (that one, or the next tick, picks up what is new). */
    public void now() {
        if (running.compareAndSet(false, true)) {
            vertx.executeBlocking(() -> {
                work.run();
                return null;
            }, false).onComplete(done -> running.set(false));
        }
    }

    public static Ticker every(Vertx vertx, Duration period, Runnable work) {
        return new Ticker(vertx, period, work);
    }

    public void cancel() {
        vertx.cancelTimer(timer);
    }
}
