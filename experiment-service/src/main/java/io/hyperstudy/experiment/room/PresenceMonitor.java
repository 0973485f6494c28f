package io.hyperstudy.experiment.room;

import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.experiment.platform.Ticker;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.waiting.WaitingRoom;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Notices participants in rooms whose heartbeats stopped and hands them to the room's dropout policy.
 * One replica at a time (a Redis lock); a participant who comes back is handled by their next heartbeat.
 */
@ApplicationScoped
public class PresenceMonitor {
    private static final Logger LOG = Logger.getLogger(PresenceMonitor.class);

    @Inject
    WaitingRoom presence;

    @Inject
    RoomEngine engine;

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    @Inject
    ExperimentServiceConfig config;

    private Ticker ticker;

    void start(@Observes StartupEvent started) {
        ticker = Ticker.every(vertx, config.rooms().matchPoll(), this::check);
    }

    void stop(@Observes ShutdownEvent stopping) {
        ticker.cancel();
    }

    void check() {
        try {
            if (!presence.tryLock("presence", config.rooms().matchPoll().minusMillis(50))) {
                return;
            }
            long silentBefore = clock.millis() - config.rooms().heartbeatTimeout().toMillis();
            for (String entry : presence.silentInRooms(silentBefore)) {
                int slash = entry.indexOf('/');
                String roomId = entry.substring(0, slash);
                String participantId = entry.substring(slash + 1);
                try {
                    engine.apply(roomId, (machine, room) -> machine.absent(room, participantId, clock.millis()));
                } catch (RequestRefused gone) {
                    LOG.debugf("room %s no longer exists", roomId);
                }
                presence.forgetInRoom(roomId, participantId);
            }
        } catch (RuntimeException e) {
            LOG.warn("presence check failed; retrying on the next tick", e);
        }
    }
}
