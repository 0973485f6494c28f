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
        RoomStep step = locks.with("room:" + roomId, () -> calls.await(firestore.runTransaction(tx -> {
            DocumentSnapshot d = tx.get(rooms.doc(roomId)).get();
            if (!d.exists()) {
                throw RequestRefused.notFound("room " + roomId);
            }
            Room room = rooms.room(d);
            RoomStep s = decide.apply(plans.machine(room.sessionId()), room);
            if (s.changed()) {
                write(tx, s);
            }
            return s;
        })));
        if (step.changed()) {
            written(step.room());
        }
        return step;
    }

    /** Tells local timers about a room written outside {@link #apply}. */
    public void written(Room room) {
        changed.fire(new RoomChanged(room));
    }

    /** Writes a decided step into a transaction: the room, the participants it finished, its events. */
    public void write(Transaction tx, RoomStep step) {
        Room room = step.room();
        rooms.write(tx, room);
        Instant now = clock.instant();
        for (Map.Entry<String, Outcome> o : step.outcomes().entrySet()) {
            tx.update(sessions.participantDoc(room.sessionId(), o.getKey()), Map.of(
                    "status", "FINISHED", "outcome", o.getValue().wireName(),
                    "finishedAt", SessionStore.timestamp(now)));
        }
        for (DomainEvent e : step.events()) {
            CloudEvent event = Events.of(e, now);
            outbox.add(tx, event);
            log.add(tx, room, event);
        }
    }

    public long now() {
        return clock.millis();
    }

    /** A room was written; local timers look at its next deadline. */
    public record RoomChanged(Room room) {
    }
}
