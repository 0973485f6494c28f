package io.hyperstudy.experiment.room;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Transaction;
import io.hyperstudy.experiment.platform.Events;
import io.hyperstudy.experiment.platform.KeyedLocks;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.session.Outcome;
import io.hyperstudy.experiment.session.SessionStore;
import io.hyperstudy.experiment.store.FirestoreCalls;
import io.hyperstudy.experiment.store.Outbox;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.DomainEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Applies {@link RoomMachine} decisions to stored rooms: read the room, decide, write the room, the
 * finished participants and the events, all in one Firestore transaction. Two replicas deciding at
 * once is harmless: the transaction makes one of them re-read and decide again on the new room.
 */
@ApplicationScoped
public class RoomEngine {
    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    RoomStore rooms;

    @Inject
    SessionStore sessions;

    @Inject
    RoomPlans plans;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    RoomLog log;

    @Inject
    KeyedLocks locks;

    @Inject
    Event<RoomChanged> changed;

    /** Runs {@code decide} on the current room at the current server time and stores what it decides. */
    public RoomStep apply(String roomId, BiFunction<RoomMachine, Room, RoomStep> decide) {
        Written written = locks.with("room:" + roomId, () -> calls.await(firestore.runTransaction(tx -> {
            DocumentSnapshot d = tx.get(rooms.doc(roomId)).get();
            if (!d.exists()) {
                throw RequestRefused.notFound("room " + roomId);
            }
            Room room = rooms.room(d);
            RoomStep s = decide.apply(plans.machine(room.sessionId()), room);
            return new Written(s, s.changed() ? write(tx, s) : List.of());
        })));
        if (written.step().changed()) {
            written(written.step(), written.events());
        }
        return written.step();
    }

    /**
     * A decision was committed: local timers look at its room's next deadline, and the room's live state goes
     * to its sockets. {@code events} are the envelopes {@link #write} stored with it.
     */
    public void written(RoomStep step, List<CloudEvent> events) {
        changed.fire(new RoomChanged(step.room(), step, events, clock.millis()));
    }

    /**
     * Writes a decided step into a transaction: the room, the participants it finished, its events; answers
     * the events' envelopes as stored (a transaction that is tried again writes new ones: keep the last).
     */
    public List<CloudEvent> write(Transaction tx, RoomStep step) {
        Room room = step.room();
        rooms.write(tx, room);
        Instant now = clock.instant();
        for (Map.Entry<String, Outcome> o : step.outcomes().entrySet()) {
            tx.update(sessions.participantDoc(room.sessionId(), o.getKey()), Map.of(
                    "status", "FINISHED", "outcome", o.getValue().wireName(),
                    "finishedAt", SessionStore.timestamp(now)));
        }
        List<CloudEvent> envelopes = new ArrayList<>();
        for (DomainEvent e : step.events()) {
            CloudEvent event = Events.of(e, now);
            outbox.add(tx, event);
            log.add(tx, room, event);
            envelopes.add(event);
        }
        return List.copyOf(envelopes);
    }

    /** A step and the envelopes of its events, as one transaction committed them. */
    public record Written(RoomStep step, List<CloudEvent> events) {
    }

    public long now() {
        return clock.millis();
    }

    /**
     * A room was written: local timers look at its next deadline, and its live state is published.
     * {@code decidedAt}: when the decision was committed (server time).
     */
    public record RoomChanged(Room room, RoomStep step, List<CloudEvent> events, long decidedAt) {
    }
}
