package io.hyperstudy.experiment.room;

import io.hyperstudy.experiment.session.Outcome;
import io.hyperstudy.model.events.DomainEvent;

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
}
