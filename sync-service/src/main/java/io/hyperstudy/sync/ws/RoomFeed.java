package io.hyperstudy.sync.ws;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.ParticipantLeft;
import io.hyperstudy.model.events.RoomEnded;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.live.LiveChat;
import io.hyperstudy.model.live.LiveRoom;
import io.hyperstudy.model.sync.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.model.sync.TimelineCommand.Action;
import io.hyperstudy.model.sync.Hello;
import io.hyperstudy.model.sync.Report;
import io.hyperstudy.sync.access.DepartedParticipants;
import io.hyperstudy.sync.affinity.RoomLeases;
import io.hyperstudy.sync.affinity.RoomSnapshot;
import io.hyperstudy.sync.affinity.Snapshots;
import io.hyperstudy.sync.events.SyncQualityPublisher;
import io.hyperstudy.sync.live.LiveStore;
import io.hyperstudy.sync.room.BufferingHolds;
import io.hyperstudy.sync.room.LiveStates;
import io.hyperstudy.sync.room.RoomLanes;
import io.hyperstudy.sync.room.RoomTimelines;
import io.hyperstudy.sync.room.ServerClock;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Optional;


/**
 * What experiment-service decides about a room, applied to the room on this pod and told to its sockets, in
 * the room's lane: a new live state (the room frame each socket sees, the outcome of each participant whose
 * part is over) and the decision's events (a state entered, held or resumed drives the timeline; a
 * participant who left loses their sockets; an ended room is forgotten). States and events come by the live
 * path (Redis) and again by the durable log (Kafka): each is applied once, the newest wins, by seq.
 */
@ApplicationScoped
public class RoomFeed {
    private static final Logger LOG = Logger.getLogger(RoomFeed.class);
    /**
     * How long a departure heard on the durable log waits for the live state that carries the participant's
     * outcome (both leave experiment-service right after the same commit, by different roads), so the socket
     * hears how it ended before it closes; past this it closes without.
     */
    static final long OUTCOME_GRACE_MS = 2_000;
    private static final long OUTCOME_POLL_MS = 200;

    @Inject
    RoomLanes lanes;

    @Inject
    LiveStates states;

    @Inject
    RoomTimelines timelines;

    @Inject
    BufferingHolds holds;

    @Inject
    RoomSessions sessions;

    @Inject
    DepartedParticipants departed;

    @Inject
    ServerClock clock;

    @Inject
    LiveStore store;

    @Inject
    SyncQualityPublisher quality;

    @Inject
    Vertx vertx;

    @Inject
    RoomLeases leases;

    @Inject
    Snapshots snapshots;

    /** Set when the pod begins to stop: new sockets are told to reconnect (elsewhere). */
    private volatile boolean draining;

    private Timer joins;

    @Inject
    void meters(MeterRegistry registry) {
        // from the upgrade to the hello: the claim, the snapshot and the queue of the room's lane
        joins = Timer.builder("sync.socket.join").description("Socket opened to its hello sent")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
    }

    void start(@Observes StartupEvent started) {
        leases.watch(sessions::rooms, room -> lanes.run(room, () -> lost(room)));
    }

    /**
     * A planned stop (rolling deploy, scale-in): the leases go first, so that the room can be claimed at once by
     * another pod, then every socket is told to reconnect (4503), which sends it there through the gateway.
     * Done as the stop begins (the shutdown delay), not at the end of the HTTP server's graceful wait, which
     * open sockets would otherwise hold for the whole shutdown timeout.
     */
    void stop(@Observes @Priority(20) ShutdownDelayInitiatedEvent stopping) {
        draining = true;
        long began = System.nanoTime();
        int rooms = leases.size();
        int sockets = sessions.connections();
        leases.releaseAll(Duration.ofSeconds(2));
        long released = System.nanoTime();
        for (String room : List.copyOf(sessions.rooms())) {
            sessions.closeRoom(room, RoomSocket.CLOSE_RECONNECT, "this server is stopping: reconnect");
        }
        LOG.infof("stopping: %d rooms and %d sockets handed over (leases released in %d ms, sockets told in %d ms)",
                rooms, sockets, (released - began) / 1_000_000, (System.nanoTime() - released) / 1_000_000);
    }

    /**
     * A socket opens: it joins its room (or is closed when its participant holds too many), and hears, in
     * this order: hello, the timeline, the room's current state, the history of the chats it shows, and
     * who is there. A reload mid-state thus shows the right screen at once.
     */
    void open(ClientSession session, int maxPerParticipant, Runnable joined) {
        String room = session.roomId;
        if (draining) {
            session.close(RoomSocket.CLOSE_RECONNECT, "this server is stopping: reconnect");
            return;
        }
        // the room is this pod's (claimed now, or held already) before the socket hears anything; a room
        // another pod owns sends the socket back to the gateway, which routes it to the owner
        leases.claim(room).subscribe().with(claim -> {
            if (claim.isEmpty()) {
                session.close(RoomSocket.CLOSE_RECONNECT, "the room is served by another server: reconnect");
                return;
            }
            RoomLeases.Lease lease = claim.get();
            session.lease = lease;
            if (lease.restored || timelines.holds(room)) {
                join(session, maxPerParticipant, joined);
            } else {
                // the first socket under this lease reads what the last owner stored; the room's other sockets
                // (a burst of them as a room forms) need not read it again
                snapshots.read(room).subscribe().with(found -> lanes.run(room, () -> {
                    found.ifPresent(snapshot -> restore(room, snapshot));
                    lease.restored = true;
                    join(session, maxPerParticipant, joined);
                }), failure -> session.close(RoomSocket.CLOSE_RECONNECT, "the room's timeline cannot be read: reconnect"));
            }
        }, failure -> {
            LOG.warnf("room %s: owner not known (%s); the socket is told to reconnect", room, failure.toString());
            session.close(RoomSocket.CLOSE_RECONNECT, "the room's server cannot be told: reconnect");
        });
    }

    /**
     * The room's timeline as its last owner stored it (that pod died or stopped): taken over as it was, with
     * the state change it had applied, so the live state read next does not apply that change again; a room
     * held for a buffering player plays on (a player still buffering holds it again with its next report).
     */
    private void restore(String room, RoomSnapshot snapshot) {
        if (timelines.holds(room)) {
            return;
        }
        timelines.restore(room, snapshot.timeline(), snapshot.seq());
        states.applyStateChange(room, snapshot.stateSeq());
        holds.configure(room, snapshot.waitForBuffering());
        LOG.infof("room %s: taken over at timeline %d (fence %d before)", room, snapshot.seq(), snapshot.fence());
        if (snapshot.heldForBuffering()) {
            double now = clock.nowMillis();
            publish(room, timelines.apply(room, new TimelineCommand(Action.PLAY, null, null,
                    now + BufferingHolds.RESUME_LEAD_MS, null), now));
        }
    }

    private void join(ClientSession session, int maxPerParticipant, Runnable joined) {
        String room = session.roomId;
        lanes.run(room, () -> {
            if (!sessions.tryJoin(session, maxPerParticipant)) {
                session.close(RoomSocket.CLOSE_TOO_MANY_SOCKETS, "this participant already has "
                        + maxPerParticipant + " sockets in the room");
                return;
            }
            double now = clock.nowMillis();
            session.send(new Hello(room, session.participantId, session.role, now));
            RoomTimelines.Versioned timeline = timelines.get(room, now);
            session.sendTimeline(timeline.toMessage());
            session.onTimeline(timeline.timeline(), now).ifPresent(session::send);
            session.joined = true;
            joins.record(Math.round(Math.max(0, now - session.connectedAt) * 1000), TimeUnit.MICROSECONDS);
            joined.run();
        });
        store.opening(room).subscribe().with(found -> lanes.run(room, () -> {
            found.room().ifPresent(live -> {
                if (states.offer(live)) {
                    applyState(live);
                } else {
                    states.get(room).ifPresent(current -> session.sendRoom(RoomSessions.frameFor(current, session)));
                }
            });
            if (states.get(room).isEmpty() && found.room().isEmpty()) {
                LOG.debugf("room %s: no live state yet", room);
            }
            sessions.history(session, found.chat());
            sessions.greeted(session);
        }), failure -> lanes.run(room, () -> {
            // Redis is down: the socket still plays the timeline; the state comes with the next change
            LOG.warnf("room %s: live state not read for a new socket: %s", room, failure.toString());
            states.get(room).ifPresent(current -> session.sendRoom(RoomSessions.frameFor(current, session)));
            sessions.greeted(session);
        }));
    }

    /** A client's playback report, with its arrival time: may start or end a buffering hold. */
    void report(ClientSession session, Report report, double arrivedAt) {
        lanes.run(session.roomId, () -> {
            RoomTimelines.Versioned current = timelines.get(session.roomId, arrivedAt);
            var hold = holds.onReport(session.roomId, session.participantId, report.buffering(), current.timeline(),
                    arrivedAt);
            if (hold.isPresent()) {
                publish(session.roomId, timelines.apply(session.roomId, hold.get(), arrivedAt));
            } else {
                session.onReport(report, current.timeline(), arrivedAt).ifPresent(session::send);
            }
        });
    }

    /** Staff (or the host) steer the room: the command wins over any buffering hold. */
    void command(ClientSession session, TimelineCommand command, double arrivedAt) {
        lanes.run(session.roomId, () -> {
            holds.staffCommand(session.roomId);
            publish(session.roomId, timelines.apply(session.roomId, command, arrivedAt));
        });
    }

    /** A socket closed: it leaves presence and any hold it kept, and its sync quality goes to the export. */
    void close(ClientSession session) {
        String room = session.roomId;
        lanes.run(room, () -> {
            if (!session.joined) {
                return;
            }
            sessions.leave(session);
            double now = clock.nowMillis();
            holds.onLeave(room, session.participantId, now).ifPresent(resume ->
                    publish(room, timelines.apply(room, resume, now)));
            quality.publish(session.summary(now));
        });
    }

    /** Staff sockets get the room's presence with each client's sync figures. */
    public void staffFigures(String roomId) {
        lanes.run(roomId, () -> sessions.announcePresence(roomId, true));
    }

    /** A room's new live state; rooms this pod does not own are another's business. */
    public void state(LiveRoom live) {
        if (leases.lease(live.roomId()).isEmpty()) {
            return;
        }
        lanes.run(live.roomId(), () -> {
            if (states.offer(live)) {
                applyState(live);
            }
        });
    }

    private void applyState(LiveRoom live) {
        // outcomes first: a participant who left hears how it ended before the departure closes their socket
        live.outcomes().forEach((participant, outcome) -> finish(live.roomId(), participant, outcome));
        live.events().forEach(this::apply);
        // the decision's timeline change is told first (once stored), then the room as it now is
        snapshots.afterWrites(live.roomId(), () -> lanes.run(live.roomId(), () -> sessions.roomChanged(live)));
        if (live.ended()) {
            forget(live.roomId());
        }
    }

    /** An event from the durable log (its live state may have been missed). */
    public void event(CloudEvent event) {
        String roomId = roomOf(event);
        if (roomId != null && leases.lease(roomId).isPresent()) {
            lanes.run(roomId, () -> apply(event));
        }
    }

    /** A stored chat message, to every socket of its room. */
    public void chat(LiveChat chat) {
        lanes.run(chat.roomId(), () -> sessions.chat(chat));
    }

    private void apply(CloudEvent event) {
        if (event.data() instanceof RoomStateChanged changed) {
            if (states.applyStateChange(changed.roomId(), changed.seq())) {
                stateChanged(changed);
            }
        } else if (event.data() instanceof ParticipantLeft left && left.roomId() != null) {
            // remembered first, so that a socket opened meanwhile with the same pass is refused from now on
            departed.remember(left.roomId(), left.participantId()).subscribe().with(ok -> { },
                    e -> LOG.warnf("room %s: departure of %s not remembered: %s", left.roomId(), left.participantId(), e));
            awaitOutcome(left, clock.nowMillis() + OUTCOME_GRACE_MS);
        } else if (event.data() instanceof RoomEnded ended) {
            forget(ended.roomId());
        }
    }

    /**
     * A state with a synced video loads it and plays it from the state's start time, in one change; a held
     * room pauses it, a resumed one plays on from where it stopped, and a state without video stops it.
     */
    private void stateChanged(RoomStateChanged changed) {
        double now = clock.nowMillis();
        String room = changed.roomId();
        boolean loaded = timelines.get(room, now).timeline().mediaId() != null;
        List<TimelineCommand> commands;
        switch (changed.transition()) {
            case RoomStateChanged.PAUSE -> commands = loaded ? List.of(pause()) : List.of();
            case RoomStateChanged.RESUME -> commands = changed.mediaId() != null && loaded
                    ? List.of(new TimelineCommand(Action.PLAY, null, null, (double) changed.startsAtServerTime(), null))
                    : List.of();
            default -> {
                holds.configure(room, changed.mediaId() != null && changed.waitForBuffering());
                if (changed.mediaId() == null) {
                    commands = loaded ? List.of(pause()) : List.of();
                } else {
                    double from = changed.mediaStartSeconds() == null ? 0.0 : changed.mediaStartSeconds();
                    commands = List.of(new TimelineCommand(Action.LOAD, changed.mediaId(), from, null, null),
                            new TimelineCommand(Action.PLAY, null, from, (double) changed.startsAtServerTime(), null));
                }
            }
        }
        if (!commands.isEmpty()) {
            publish(room, timelines.apply(room, commands, now));
        }
    }

    /**
     * A departure came before the live state that tells the participant their outcome: the latest live state is
     * read again until it names them (their outcome, then the close) or the grace runs out (the close alone).
     */
    private void awaitOutcome(ParticipantLeft left, double deadline) {
        String roomId = left.roomId();
        if (!sessions.holdsParticipant(roomId, left.participantId())) {
            return;
        }
        store.room(roomId).onFailure().recoverWithItem(Optional.empty()).subscribe().with(latest -> lanes.run(roomId, () -> {
            Optional<LiveRoom.Outcome> outcome = latest.map(r -> r.outcomes().get(left.participantId()));
            if (outcome.isPresent()) {
                finish(roomId, left.participantId(), outcome.get());
            } else if (clock.nowMillis() < deadline) {
                vertx.setTimer(OUTCOME_POLL_MS, id -> lanes.run(roomId, () -> awaitOutcome(left, deadline)));
            } else {
                sessions.expel(roomId, left.participantId(), RoomSocket.CLOSE_LEFT_ROOM, "left the room: " + left.outcome());
            }
        }));
    }

    /** A participant's part is over: they hear their outcome, then their sockets close. */
    private void finish(String roomId, String participantId, LiveRoom.Outcome outcome) {
        departed.remember(roomId, participantId).subscribe().with(ok -> { },
                e -> LOG.warnf("room %s: departure of %s not remembered: %s", roomId, participantId, e));
        sessions.outcome(roomId, participantId, new Outcome(outcome.outcome(), outcome.code(), outcome.completionUrl()));
    }

    private void forget(String roomId) {
        timelines.remove(roomId);
        holds.remove(roomId);
        states.ended(roomId);
        snapshots.remove(roomId);
        leases.release(roomId).subscribe().with(ok -> { }, e -> LOG.debugf("room %s: lease not released: %s", roomId, e));
    }

    /**
     * A timeline change: stored under this pod's lease (which the write renews), then told to the room's
     * sockets. Refused by the fence (another pod owns the room now, or the lease ran out), it is told to nobody
     * and the room is given up. Redis not answering, it is told anyway while the lease is surely still this
     * pod's: a short Redis outage does not stop the video.
     */
    private void publish(String room, RoomTimelines.Versioned change) {
        // a lease past its local deadline is not given up here: the fenced write says whether it still holds
        // (and renews it), so a pod that was only slow does not send its room away over one change
        Optional<RoomLeases.Lease> lease = leases.held(room);
        if (lease.isEmpty()) {
            lost(room);
            return;
        }
        snapshots.write(lease.get(), change.timeline(), change.seq(), states.appliedStateSeq(room),
                        holds.waits(room), holds.held(room))
                .thenAccept(written -> lanes.run(room, () -> {
                    if (written == Snapshots.Written.FENCED_OUT
                            || (written == Snapshots.Written.UNKNOWN && !lease.get().valid())) {
                        lost(room);
                    } else {
                        sessions.timelineChanged(room, change);
                    }
                }));
    }

    /**
     * Another pod owns the room now, or may (this pod could not confirm its lease in time): its sockets here
     * reconnect, through the gateway to the owner, and what this pod knew of it goes.
     */
    private void lost(String room) {
        leases.forget(room);
        sessions.closeRoom(room, RoomSocket.CLOSE_RECONNECT, "the room moved to another server: reconnect");
        timelines.remove(room);
        holds.remove(room);
        states.forget(room);
        snapshots.forget(room);
    }

    private static TimelineCommand pause() {
        return new TimelineCommand(Action.PAUSE, null, null, null, null);
    }

    private static String roomOf(CloudEvent event) {
        if (event.data() instanceof RoomStateChanged c) {
            return c.roomId();
        }
        if (event.data() instanceof ParticipantLeft l) {
            return l.roomId();
        }
        return event.data() instanceof RoomEnded e ? e.roomId() : null;
    }

}
