package io.hyperstudy.experiment.room;

import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.experiment.platform.Ticker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fires rooms' stored deadlines on time. Every replica polls the store for deadlines in the next two
 * poll intervals and arms an in-memory timer for each, so a deadline fires within milliseconds and a
 * restarted or different replica picks up where another left off (a deadline missed while no replica
 * ran fires at the first poll). Several replicas firing the same deadline is harmless: the room's
 * transaction lets one transition happen and the others find nothing due.
 */
@ApplicationScoped
public class RoomTimers {
    private static final Logger LOG = Logger.getLogger(RoomTimers.class);
    private static final int BATCH = 200;

    @Inject
    RoomStore rooms;

    @Inject
    RoomEngine engine;

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    @Inject
    ExperimentServiceConfig config;

    private final Map<String, Armed> armed = new ConcurrentHashMap<>();
    private Ticker ticker;

    private record Armed(long at, long timerId) {
    }

    void start(@Observes StartupEvent started) {
        ticker = Ticker.every(vertx, config.rooms().timerPoll(), this::poll);
    }

    void stop(@Observes ShutdownEvent stopping) {
        ticker.cancel();
        armed.values().forEach(a -> vertx.cancelTimer(a.timerId()));
    }

    void onChange(@Observes RoomEngine.RoomChanged change) {
        Long wake = change.room().nextWakeAt();
        if (wake == null) {
            Armed previous = armed.remove(change.room().id());
            if (previous != null) {
                vertx.cancelTimer(previous.timerId());
            }
        } else if (wake <= horizon()) {
            arm(change.room().id(), wake);
        }
    }

    private void poll() {
        try {
            for (Room room : rooms.dueBefore(horizon(), BATCH)) {
                arm(room.id(), room.nextWakeAt());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not read room deadlines; retrying on the next poll", e);
        }
    }

    private long horizon() {
        return clock.millis() + 2 * config.rooms().timerPoll().toMillis();
    }

    private void arm(String roomId, long at) {
        armed.compute(roomId, (id, current) -> {
            if (current != null && current.at() == at) {
                return current;
            }
            if (current != null) {
                vertx.cancelTimer(current.timerId());
            }
            long delay = Math.max(1, at - clock.millis());
            long timerId = vertx.setTimer(delay, t -> fire(roomId, at));
            return new Armed(at, timerId);
        });
    }

    private void fire(String roomId, long at) {
        armed.computeIfPresent(roomId, (id, a) -> a.at() == at ? null : a);
        vertx.executeBlocking(() -> engine.apply(roomId, (machine, room) -> machine.wake(room, clock.millis())), false)
                .onFailure(e -> LOG.warnf(e, "the deadline of room %s could not be applied; the next poll retries", roomId));
    }
}
