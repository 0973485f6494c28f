package io.hyperstudy.experiment.waiting;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.experiment.platform.Ticker;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.participant.Participant;
import io.hyperstudy.experiment.room.Member;
import io.hyperstudy.experiment.room.RoomEngine;
import io.hyperstudy.experiment.room.RoomPlans;
import io.hyperstudy.experiment.room.RoomStep;
import io.hyperstudy.experiment.session.Outcome;
import io.hyperstudy.experiment.session.Session;
import io.hyperstudy.experiment.session.SessionStore;
import io.hyperstudy.experiment.store.FirestoreCalls;
import io.hyperstudy.experiment.store.Outbox;
import io.hyperstudy.experiment.platform.Events;
import io.hyperstudy.model.events.ParticipantLeft;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Periodically, per session with anyone waiting (one replica at a time, under a Redis lock): drops
 * ghosts (no heartbeat: a closed tab leaves the line within seconds; they regain their place if they
 * come back), gives those who waited too long the timed-out outcome, and forms rooms from the rest.
 * A room and its members' new status are one Firestore transaction with the room's first events.
 */
@ApplicationScoped
public class Matcher {
    private static final Logger LOG = Logger.getLogger(Matcher.class);

    @Inject
    WaitingRoom waiting;

    @Inject
    SessionStore sessions;

    @Inject
    RoomPlans plans;

    @Inject
    RoomEngine engine;

    @Inject
    Outbox outbox;

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @Inject
    ExperimentServiceConfig config;

    private Ticker ticker;

    void start(@Observes StartupEvent started) {
        ticker = Ticker.every(vertx, config.rooms().matchPoll(), this::matchAll);
    }

    void stop(@Observes ShutdownEvent stopping) {
        ticker.cancel();
    }

    void matchAll() {
        Duration hold = config.rooms().matchPoll().minusMillis(50);
        try {
            for (String sessionId : waiting.sessionsWithWaiting()) {
                try {
                    if (waiting.tryLock("match:" + sessionId, hold)) {
                        match(sessionId);
                    }
                } catch (RuntimeException e) {
                    LOG.warnf(e, "matching session %s failed; retrying on the next tick", sessionId);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("the waiting room could not be read; retrying on the next tick", e);
        }
    }

    /** One matching pass over a session's line. */
    public void match(String sessionId) {
        long now = clock.millis();
        Optional<Session> found = sessions.find(sessionId);
        if (found.isEmpty()) {
            waiting.forgetSession(sessionId);
            return;
        }
        Session session = found.get();
        Map<String, Long> line = waiting.line(sessionId);
        Map<String, Long> seen = waiting.lastSeenWaiting(sessionId);
        long silentBefore = now - config.rooms().heartbeatTimeout().toMillis();
        long tooLongBefore = now - session.settings().waitingTimeoutSeconds() * 1000L;
        List<String> live = new ArrayList<>();
        for (Map.Entry<String, Long> e : line.entrySet()) {
            String participant = e.getKey();
            if (e.getValue() < tooLongBefore) {
                timeOut(session, participant);
            } else if (seen.getOrDefault(participant, 0L) < silentBefore) {
                waiting.remove(sessionId, participant);
                LOG.debugf("participant %s went silent in the waiting room of session %s", participant, sessionId);
            } else {
                live.add(participant);
            }
        }
        if (!live.isEmpty()) {
            formRooms(session, live);
        }
        waiting.forgetSessionIfEmpty(sessionId);
    }

    private void timeOut(Session session, String participantId) {
        calls.await(firestore.runTransaction(tx -> {
            DocumentSnapshot d = tx.get(sessions.participantDoc(session.id(), participantId)).get();
            if (d.exists() && Participant.Status.valueOf(d.getString("status")) == Participant.Status.WAITING) {
                sessions.write(tx, sessions.participant(d).finished(Outcome.TIMED_OUT, clock.instant()));
                outbox.add(tx, Events.of(
                        new ParticipantLeft(session.id(), null, participantId, Outcome.TIMED_OUT.wireName()),
                        clock.instant()));
            }
            return null;
        }));
        waiting.remove(session.id(), participantId);
    }

    private void formRooms(Session session, List<String> live) {
        Definition definition = plans.definition(session.experimentId(), session.version());
        List<DocumentReference> refs = live.stream().map(p -> sessions.participantDoc(session.id(), p)).toList();
        Map<String, Participant> participants = new LinkedHashMap<>();
        for (DocumentSnapshot d : calls.await(firestore.getAll(refs.toArray(new DocumentReference[0])))) {
            if (d.exists()) {
                participants.put(d.getId(), sessions.participant(d));
            }
        }
        LinkedHashMap<String, String> lineWithRoles = new LinkedHashMap<>();
        for (String p : live) {
            Participant participant = participants.get(p);
            if (participant == null || participant.status() != Participant.Status.WAITING) {
                waiting.remove(session.id(), p);
            } else {
                lineWithRoles.put(p, participant.role());
            }
        }
        for (Map<String, String> group : Grouping.groups(session.settings().matching(), definition.rolesOrEmpty(),
                lineWithRoles)) {
            createRoom(session, group);
        }
    }

    private void createRoom(Session session, Map<String, String> group) {
        String roomId = UUID.randomUUID().toString();
        List<Member> members = group.entrySet().stream()
                .map(e -> new Member(e.getKey(), e.getValue(), Member.Presence.PRESENT, null)).toList();
        RoomEngine.Written created = calls.await(firestore.runTransaction(tx -> {
            List<DocumentSnapshot> docs = tx.getAll(group.keySet().stream()
                    .map(p -> sessions.participantDoc(session.id(), p)).toArray(DocumentReference[]::new)).get();
            for (DocumentSnapshot d : docs) {
                if (!d.exists() || Participant.Status.valueOf(d.getString("status")) != Participant.Status.WAITING) {
                    return null;
                }
            }
            long now = clock.millis();
            RoomStep step = plans.machine(session.id()).start(roomId, session.id(), session.experimentId(),
                    session.version(), members, now);
            for (DocumentSnapshot d : docs) {
                sessions.write(tx, sessions.participant(d).matched(roomId, group.get(d.getId())));
            }
            return new RoomEngine.Written(step, engine.write(tx, step));
        }));
        if (created != null) {
            long now = clock.millis();
            group.keySet().forEach(p -> waiting.seenInRoom(roomId, p, now));
            waiting.remove(session.id(), group.keySet().toArray(new String[0]));
            engine.written(created.step(), created.events());
            LOG.infof("room %s formed in session %s: %s", roomId, session.id(), group);
        } else {
            // someone in the group changed meanwhile; the next pass sees the line as it is now
            LOG.debugf("a group in session %s went stale before its room was made", session.id());
        }
    }
}
