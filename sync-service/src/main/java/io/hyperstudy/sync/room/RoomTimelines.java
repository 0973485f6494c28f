package io.hyperstudy.sync.room;

import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.sync.timeline.RoomTimeline;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The timelines of the rooms on this pod, each with its count of changes ({@code seq}), which every timeline
 * frame carries. Changed only from the room's lane ({@link RoomLanes}), so a change is one step: a state's
 * load and play are applied together and announced once. Each change is stored in Redis before it is told
 * (affinity.Snapshots), so another pod can take the room over.
 */
@ApplicationScoped
public class RoomTimelines {
    private final Map<String, Versioned> rooms = new ConcurrentHashMap<>();

    /** A timeline and how many changes led to it. */
    public record Versioned(RoomTimeline timeline, long seq) {
        public Timeline toMessage() {
            return timeline.toMessage(seq);
        }
    }

    public Versioned get(String roomId, double now) {
        return rooms.getOrDefault(roomId, new Versioned(RoomTimeline.empty(now), 0));
    }

    /** Applies the commands in order as one change. */
    public Versioned apply(String roomId, List<TimelineCommand> commands, double now) {
        return rooms.compute(roomId, (id, current) -> {
            Versioned before = current != null ? current : new Versioned(RoomTimeline.empty(now), 0);
            RoomTimeline t = before.timeline();
            for (TimelineCommand c : commands) {
                t = t.apply(c, now);
            }
            return new Versioned(t, before.seq() + 1);
        });
    }

    public Versioned apply(String roomId, TimelineCommand command, double now) {
        return apply(roomId, List.of(command), now);
    }

    /** Whether this pod has the room's timeline (it has owned the room since it had it). */
    public boolean holds(String roomId) {
        return rooms.containsKey(roomId);
    }

    /** Takes over a room's timeline as its last owner stored it. */
    public void restore(String roomId, RoomTimeline timeline, long seq) {
        rooms.put(roomId, new Versioned(timeline, seq));
    }

    /** Forgets an ended room, so timelines do not accumulate over the pod's life. */
    public void remove(String roomId) {
        rooms.remove(roomId);
    }
}
