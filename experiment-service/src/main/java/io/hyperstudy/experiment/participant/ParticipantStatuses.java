package io.hyperstudy.experiment.participant;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.State;
import io.hyperstudy.experiment.pass.ParticipantPasses;
import io.hyperstudy.experiment.pass.Pass;
import io.hyperstudy.experiment.platform.Events;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.room.Member;
import io.hyperstudy.experiment.room.Room;
import io.hyperstudy.experiment.room.RoomEngine;
import io.hyperstudy.experiment.room.RoomPlans;
import io.hyperstudy.experiment.room.RoomStore;
import io.hyperstudy.experiment.session.Outcome;
import io.hyperstudy.experiment.session.Session;
import io.hyperstudy.experiment.session.SessionStore;
import io.hyperstudy.experiment.store.FirestoreCalls;
import io.hyperstudy.experiment.store.Outbox;
import io.hyperstudy.experiment.waiting.WaitingRoom;
import io.hyperstudy.model.events.ParticipantLeft;
import io.hyperstudy.model.pass.ParticipantPass;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.hyperstudy.experiment.definition.Component;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a participant stands and keeping their place: the status they see, heartbeats, leaving and
 * withdrawing, and pass renewal. Every call is made with the participant's own pass.
 */
@ApplicationScoped
public class ParticipantStatuses {
    private static final Logger LOG = Logger.getLogger(ParticipantStatuses.class);

    @Inject
    SessionStore sessions;

    @Inject
    RoomStore rooms;

    @Inject
    RoomPlans plans;

    @Inject
    RoomEngine engine;

    @Inject
    WaitingRoom waiting;

    @Inject
    ParticipantPasses passes;

    @Inject
    Outbox outbox;

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    Clock clock;

    /** Where the participant stands, without counting as a heartbeat. */
    public ParticipantStatus status(ParticipantPass claims) {
        Participant p = participant(claims);
        Session session = plans.session(p.sessionId());
        Optional<Room> room = p.roomId() == null ? Optional.empty() : rooms.find(p.roomId());
        return status(p, session, claims, room);
    }

    /**
     * The participant is still here: keeps their place in line, brings them back into a room they went
     * silent in, and says where they stand.
     */
    public ParticipantStatus heartbeat(ParticipantPass claims) {
        Participant p = participant(claims);
        Session session = plans.session(p.sessionId());
        long now = clock.millis();
        Optional<Room> room = Optional.empty();
        switch (p.status()) {
            case WAITING -> {
                if (now > timesOutAt(p, session).toEpochMilli()) {
                    p = finishWaiting(p, Outcome.TIMED_OUT);
                } else if (!waiting.seenWaiting(p.sessionId(), p.id(), now)) {
                    waiting.enqueue(p.sessionId(), p.id(), p.inLineSince().toEpochMilli(), now);
                }
            }
            case CONSENT -> {
                // reading the consent form: not in line, so there is no place to keep
            }
            case IN_ROOM -> {
                waiting.seenInRoom(p.roomId(), p.id(), now);
                room = rooms.find(p.roomId());
                String pid = p.id();
                if (room.isPresent() && room.get().member(pid).map(m -> m.presence() == Member.Presence.ABSENT)
                        .orElse(false)) {
                    room = Optional.of(engine.apply(p.roomId(), (machine, r) -> machine.returned(r, pid, clock.millis()))
                            .room());
                }
            }
            case FINISHED -> {
                if (p.roomId() != null) {
                    waiting.forgetInRoom(p.roomId(), p.id());
                }
                room = p.roomId() == null ? Optional.empty() : rooms.find(p.roomId());
            }
        }
        return status(p, session, claims, room);
    }

    /** A fresh pass for where the participant stands now: it names a room only while they are in it. */
    public Pass renew(ParticipantPass claims) {
        Participant p = participant(claims);
        return passFor(p);
    }

    /** The participant's tab is closing: treat them as silent now rather than after the heartbeat timeout. */
    public void leave(ParticipantPass claims) {
        Participant p = participant(claims);
        if (p.status() == Participant.Status.WAITING) {
            waiting.remove(p.sessionId(), p.id());
        } else if (p.status() == Participant.Status.IN_ROOM) {
            waiting.forgetInRoom(p.roomId(), p.id());
            engine.apply(p.roomId(), (machine, room) -> machine.absent(room, p.id(), clock.millis()));
        }
    }

    /**
     * The participant answers the consent form: accepting puts them in line (their wait starts now);
     * declining ends their part with the noConsent outcome. Answering again the same way is a retry and
     * changes nothing; changing the answer afterwards is refused (withdrawing is the way out of the line).
     */
    public ParticipantStatus consent(ParticipantPass claims, boolean accepted) {
        Participant p = participant(claims);
        if (p.status() == Participant.Status.CONSENT) {
            Participant answered = calls.await(firestore.runTransaction(tx -> {
                Participant current = sessions.participant(tx.get(sessions.participantDoc(p.sessionId(), p.id())).get());
                if (current.status() != Participant.Status.CONSENT) {
                    return current;
                }
                Participant next = accepted ? current.consented(clock.instant())
                        : current.finished(Outcome.NO_CONSENT, clock.instant());
                sessions.write(tx, next);
                if (!accepted) {
                    outbox.add(tx, Events.of(new ParticipantLeft(p.sessionId(), null, p.id(),
                            Outcome.NO_CONSENT.wireName()), clock.instant()));
                }
                return next;
            }));
            if (answered.status() == Participant.Status.WAITING) {
                try {
                    waiting.enqueue(p.sessionId(), p.id(), answered.inLineSince().toEpochMilli(), clock.millis());
                } catch (RuntimeException e) {
                    // in line all the same: their first heartbeat puts them at the place their consent gives them
                    LOG.warnf("waiting room unreachable; %s joins the line at their first heartbeat: %s", p.id(), e);
                }
            }
            return status(answered, plans.session(p.sessionId()), claims, Optional.empty());
        }
        boolean same = accepted ? p.outcome() != Outcome.NO_CONSENT : p.outcome() == Outcome.NO_CONSENT;
        if (!same) {
            throw RequestRefused.conflict(accepted ? "this participant declined; their part is over"
                    : "consent was already given; to leave, withdraw (POST /api/participants/me/withdraw)");
        }
        return status(claims);
    }

    /** The participant withdraws their consent: their part ends for good with the noConsent outcome. */
    public ParticipantStatus withdraw(ParticipantPass claims) {
        Participant p = participant(claims);
        if (p.status() == Participant.Status.WAITING || p.status() == Participant.Status.CONSENT) {
            finishWaiting(p, Outcome.NO_CONSENT);
        } else if (p.status() == Participant.Status.IN_ROOM) {
            waiting.forgetInRoom(p.roomId(), p.id());
            engine.apply(p.roomId(), (machine, room) -> machine.withdraw(room, p.id(), clock.millis()));
        }
        return status(claims);
    }

    /** The participant a pass names; a pass for a participant the store does not know is 404. */
    public Participant participant(ParticipantPass claims) {
        return sessions.findParticipant(claims.sessionId(), claims.participantId())
                .orElseThrow(() -> RequestRefused.notFound("participant " + claims.participantId()));
    }

    public Pass passFor(Participant p) {
        Session session = plans.session(p.sessionId());
        return passes.passFor(p, session.experimentId(), plans.definition(session.experimentId(), session.version()));
    }

    /**
     * What the participant sees. {@code claims} is the pass they called with (null at redeem): when it no
     * longer says where they are (matched into a room, or out of one), a fresh pass comes with the answer.
     */
    public ParticipantStatus status(Participant p, Session session, ParticipantPass claims, Optional<Room> room) {
        long now = clock.millis();
        Definition definition = plans.definition(session.experimentId(), session.version());
        ParticipantStatus.PassView fresh = null;
        String roomNow = p.inRoom() ? p.roomId() : null;
        if (claims != null && !java.util.Objects.equals(roomNow, claims.roomId())) {
            Pass pass = passFor(p);
            fresh = new ParticipantStatus.PassView(pass.token(), pass.expiresAt());
        }
        ParticipantStatus.RoomView roomView = room.map(r -> roomView(r, definition, p)).orElse(null);
        return switch (p.status()) {
            case CONSENT -> new ParticipantStatus(p.id(), p.sessionId(), "consent", p.role(), null, null, null,
                    definition.consent(), devices(definition, p.role()), null, null, null, null, now, fresh);
            case WAITING -> new ParticipantStatus(p.id(), p.sessionId(), "waiting", p.role(), position(p),
                    p.inLineSince(), timesOutAt(p, session), null, devices(definition, p.role()), null, null, null,
                    null, now, fresh);
            case IN_ROOM -> new ParticipantStatus(p.id(), p.sessionId(), "inRoom", p.role(), null, null, null, null,
                    null, roomView, null, null, null, now, fresh);
            case FINISHED -> new ParticipantStatus(p.id(), p.sessionId(), "finished", p.role(), null, null, null, null,
                    null, roomView, p.outcome().wireName(), session.settings().codeFor(p.outcome()),
                    session.settings().completionUrlFor(p.outcome()), now, fresh);
        };
    }

    private static Instant timesOutAt(Participant p, Session session) {
        return p.inLineSince().plusSeconds(session.settings().waitingTimeoutSeconds());
    }

    /**
     * What the states this participant may see ask of their browser. Before matching gives them a role,
     * every state counts, since any role may be theirs.
     */
    static ParticipantStatus.Devices devices(Definition definition, String role) {
        boolean sound = false;
        boolean camera = false;
        boolean microphone = false;
        for (State s : definition.statesOrEmpty()) {
            if (role != null && !s.rolesOrEmpty().isEmpty() && !s.rolesOrEmpty().contains(role)) {
                continue;
            }
            for (Component c : s.components()) {
                if (c instanceof Component.Video v && !Boolean.TRUE.equals(v.muted())) {
                    sound = true;
                } else if (c instanceof Component.Call call) {
                    boolean publishes = call.publishRoles() == null || call.publishRoles().isEmpty() || role == null
                            || call.publishRoles().contains(role);
                    boolean audio = !Boolean.FALSE.equals(call.audio());
                    sound |= audio;
                    microphone |= publishes && audio;
                    camera |= publishes && !Boolean.FALSE.equals(call.video());
                }
            }
        }
        return new ParticipantStatus.Devices(sound, camera, microphone);
    }

    /** Their place in line; unknown (null) while the waiting room cannot be asked. */
    private Long position(Participant p) {
        try {
            return waiting.position(p.sessionId(), p.id()).stream().boxed().findFirst().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Participant finishWaiting(Participant p, Outcome outcome) {
        Participant finished = calls.await(firestore.runTransaction(tx -> {
            DocumentSnapshot d = tx.get(sessions.participantDoc(p.sessionId(), p.id())).get();
            Participant current = sessions.participant(d);
            if (current.status() != Participant.Status.WAITING && current.status() != Participant.Status.CONSENT) {
                return current;
            }
            Participant done = current.finished(outcome, clock.instant());
            sessions.write(tx, done);
            outbox.add(tx, Events.of(new ParticipantLeft(p.sessionId(), null, p.id(), outcome.wireName()),
                    clock.instant()));
            return done;
        }));
        waiting.remove(p.sessionId(), p.id());
        return finished;
    }

    private static ParticipantStatus.RoomView roomView(Room r, Definition definition, Participant p) {
        List<State> states = definition.statesOrEmpty();
        State state = r.stateIndex() >= 0 && r.stateIndex() < states.size() ? states.get(r.stateIndex()) : null;
        boolean forMe = state != null && (state.rolesOrEmpty().isEmpty() || state.rolesOrEmpty().contains(p.role()));
        return new ParticipantStatus.RoomView(r.id(), r.status().name().toLowerCase(), r.stateIndex(), states.size(),
                state == null ? null : state.id(), state, forMe, r.stateStartsAt(), r.deadline(), r.remainingMs(),
                r.submitted().contains(p.id()), (int) r.members().stream().filter(Member::stillIn).count());
    }
}
