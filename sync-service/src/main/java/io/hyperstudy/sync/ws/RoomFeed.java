package io.hyperstudy.sync.ws;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.ParticipantLeft;
import io.hyperstudy.model.events.RoomEnded;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.live.LiveChat;
import io.hyperstudy.model.live.LiveRoom;
import io.hyperstudy.model.sync.Outcome;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.model.sync.TimelineCommand.Action;
import io.hyperstudy.model.sync.Hello;
import io.hyperstudy.model.sync.Report;
import io.hyperstudy.sync.access.DepartedParticipants;
import io.hyperstudy.sync.events.SyncQualityPublisher;
import io.hyperstudy.sync.live.LiveStore;
import io.hyperstudy.sync.room.BufferingHolds;
import io.hyperstudy.sync.room.LiveStates;
import io.hyperstudy.sync.room.RoomLanes;
import io.hyperstudy.sync.room.RoomTimelines;
import io.hyperstudy.sync.room.ServerClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
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

    /**
     * A socket opens: it joins its room (or is closed when its participant holds too many), and hears, in
     * this order: hello, the timeline, the room's current state, the history of the chats it shows, and
     * who is there. A reload mid-state thus shows the right screen at once.
     */
    void open(ClientSession session, int maxPerParticipant) {
        String room = session.roomId;
        lanes.run(room, () -> {
            if (!sessions.tryJoin(session, maxPerParticipant)) {
                session.close(RoomSocket.CLOSE_TOO_MANY_SOCKETS, "this participant already has "
                        + maxPerParticipant + " sockets in the room");
                return;
            }
            session.joined = true;
            double now = clock.nowMillis();
            session.send(new Hello(room, session.participantId, session.role, now));
            RoomTimelines.Versioned timeline = timelines.get(room, now);
            session.send(timeline.toMessage());
            session.onTimeline(timeline.timeline(), now).ifPresent(session::send);
        });
        Uni.combine().all().unis(store.room(room), store.chat(room)).asTuple().subscribe().with(found -> lanes.run(room, () -> {
            found.getItem1().ifPresent(live -> {
                if (states.offer(live)) {
                    applyState(live);
                } else {
                    states.get(room).ifPresent(current -> session.sendRoom(RoomSessions.frameFor(current, session)));
                }
            });
            if (states.get(room).isEmpty() && found.getItem1().isEmpty()) {
                LOG.debugf("room %s: no live state yet", room);
            }
            sessions.history(session, found.getItem2());
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
                sessions.timelineChanged(session.roomId, timelines.apply(session.roomId, hold.get(), arrivedAt));
            } else {
                session.onReport(report, current.timeline(), arrivedAt).ifPresent(session::send);
            }
        });
    }

    /** Staff (or the host) steer the room: the command wins over any buffering hold. */
    void command(ClientSession session, TimelineCommand command, double arrivedAt) {
        lanes.run(session.roomId, () -> {
            holds.staffCommand(session.roomId);
            sessions.timelineChanged(session.roomId, timelines.apply(session.roomId, command, arrivedAt));
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
                    sessions.timelineChanged(room, timelines.apply(room, resume, now)));
            quality.publish(session.summary(now));
        });
    }

    /** Staff sockets get the room's presence with each client's sync figures. */
    public void staffFigures(String roomId) {
        lanes.run(roomId, () -> sessions.announcePresence(roomId, true));
    }

    /** A room's new live state. */
    public void state(LiveRoom live) {
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
        sessions.roomChanged(live);
        if (live.ended()) {
            forget(live.roomId());
        }
    }

    /** An event from the durable log (its live state may have been missed). */
    public void event(CloudEvent event) {
        String roomId = roomOf(event);
        if (roomId != null) {
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
            sessions.timelineChanged(room, timelines.apply(room, commands, now));
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
