package io.hyperstudy.sync.live;

import io.hyperstudy.model.live.LiveChannel;
import io.hyperstudy.sync.config.SyncConfig;
import io.hyperstudy.sync.ws.RoomFeed;
import io.hyperstudy.sync.ws.RoomSessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * This pod's end of the live path: every message experiment-service publishes on {@link LiveChannel#CHANNEL}
 * goes to the room's lane here ({@link RoomFeed}). Pub/sub delivers only to who listens at that moment, so
 * the pod also reads the stored state of each room it holds sockets of, every {@code reconcile-interval}: a
 * message missed while Redis reconnected costs at most that long (older or equal states are dropped by seq).
 * Each second, staff sockets get the room's presence with each client's sync figures. Every
 * {@value #SEEN_EVERY_MS} ms, every participant with an open socket here counts as seen in their room
 * ({@link LiveChannel#ROOM_PRESENCE}): once matched, a participant's socket keeps their place, no polling needed.
 */
@ApplicationScoped
public class LiveListener {
    private static final Logger LOG = Logger.getLogger(LiveListener.class);
    private static final long RESUBSCRIBE_MS = 1000;
    private static final long STAFF_FIGURES_MS = 1000;
    /** Well inside experiment-service's heartbeat timeout (6 s by default). */
    static final long SEEN_EVERY_MS = 2000;
    private static final int SEEN_BATCH = 500;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    LiveStore store;

    @Inject
    RoomFeed feed;

    @Inject
    RoomSessions sessions;

    @Inject
    SyncConfig config;

    @Inject
    Vertx vertx;

    private final Timer liveLag;
    private volatile boolean stopped;
    private long reconcileTimer = -1;
    private long figuresTimer = -1;
    private long seenTimer = -1;

    @Inject
    LiveListener(MeterRegistry registry) {
        // from experiment-service's commit to the message here (one wall clock on one machine; across machines
        // it includes their clock difference)
        liveLag = Timer.builder("sync.live.lag").description("Decision committed to live state received")
                .publishPercentiles(0.5, 0.9, 0.99).register(registry);
    }

    void start(@Observes StartupEvent started) {
        subscribe();
        reconcileTimer = vertx.setPeriodic(config.liveReconcileInterval().toMillis(), id -> reconcile());
        figuresTimer = vertx.setPeriodic(STAFF_FIGURES_MS, id -> sessions.roomsWithStaff()
                .forEach(feed::staffFigures));
        seenTimer = vertx.setPeriodic(SEEN_EVERY_MS, id -> seen());
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopped = true;
        vertx.cancelTimer(reconcileTimer);
        vertx.cancelTimer(figuresTimer);
        vertx.cancelTimer(seenTimer);
    }

    /** Raises the last-seen time of connected participants who are still counted in their room (ZADD XX). */
    private void seen() {
        List<String> members = List.copyOf(sessions.connectedParticipants());
        String now = String.valueOf(System.currentTimeMillis());
        for (int from = 0; from < members.size(); from += SEEN_BATCH) {
            List<String> args = new java.util.ArrayList<>(List.of(LiveChannel.ROOM_PRESENCE, "XX"));
            for (String member : members.subList(from, Math.min(members.size(), from + SEEN_BATCH))) {
                args.add(now);
                args.add(member);
            }
            redis.execute("ZADD", args.toArray(String[]::new)).subscribe().with(ok -> { },
                    e -> LOG.debugf("presence of connected participants not refreshed: %s", e));
        }
    }

    private void subscribe() {
        if (stopped) {
            return;
        }
        redis.pubsub(String.class).subscribe(List.of(LiveChannel.CHANNEL), this::onMessage,
                        () -> resubscribe("ended"), e -> resubscribe(e.toString()))
                .subscribe().with(s -> LOG.debugf("listening on %s", LiveChannel.CHANNEL),
                        e -> resubscribe(e.toString()));
    }

    private void resubscribe(String why) {
        if (!stopped) {
            LOG.warnf("live channel lost (%s); listening again in %d ms, and reading stored room states meanwhile",
                    why, RESUBSCRIBE_MS);
            vertx.setTimer(RESUBSCRIBE_MS, id -> subscribe());
        }
    }

    private void onMessage(String text) {
        LiveChannel.Message message;
        try {
            message = LiveChannel.decode(text, LiveChannel.Message.class);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipped a live message that does not decode: %s", e.getMessage());
            return;
        }
        if (message.room() != null) {
            liveLag.record(Math.max(0, System.currentTimeMillis() - message.room().decidedAt()), TimeUnit.MILLISECONDS);
            feed.state(message.room());
        } else if (message.chat() != null) {
            feed.chat(message.chat());
        }
    }

    /** Reads the stored state of every room with sockets here; a newer one than the pod knows is applied. */
    private void reconcile() {
        List<String> rooms = List.copyOf(sessions.rooms());
        store.rooms(rooms).subscribe().with(found -> found.values().forEach(feed::state),
                e -> LOG.debugf("stored states of %d rooms not read: %s", rooms.size(), e));
    }
}
