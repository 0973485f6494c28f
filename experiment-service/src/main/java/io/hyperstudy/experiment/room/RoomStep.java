package io.hyperstudy.experiment.room;

import io.hyperstudy.experiment.session.Outcome;
import io.hyperstudy.model.events.DomainEvent;
import io.hyperstudy.model.events.RoomEnded;
import io.hyperstudy.model.events.RoomStateChanged;

import java.util.List;
import java.util.Map;

/**
 * What one decision of {@link RoomMachine} does: the room as it becomes, the events it raises, and the
 * participants whose part ends with it. {@code changed} is false when the decision was a no-op (a
 * stale timer, a repeated heartbeat), so nothing needs writing.
 */
public record RoomStep(Room room, List<DomainEvent> events, Map<String, Outcome> outcomes, boolean changed) {

    static RoomStep unchanged(Room room) {
        return new RoomStep(room, List.of(), Map.of(), false);
    }

    /** The decision as a staff member's: the state changes and the end it raises name them. */
    RoomStep by(String actor) {
        List<DomainEvent> stamped = events.stream().map(e -> e instanceof RoomStateChanged c ? c.by(actor)
                : e instanceof RoomEnded ended ? ended.by(actor) : e).toList();
        return new RoomStep(room, stamped, outcomes, changed);
    }
}
