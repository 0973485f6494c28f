package io.hyperstudy.sync.room;

import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.sync.timeline.RoomTimeline;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The timelines of the rooms this pod owns. (Snapshots in Redis, so another pod can resume a room,
 * come with room affinity.)
 */
@ApplicationScoped
public class RoomTimelines {
    private final Map<String, RoomTimeline> rooms = new ConcurrentHashMap<>();

    public RoomTimeline get(String roomId, double now) {
        return rooms.getOrDefault(roomId, RoomTimeline.empty(now));
    }

    public RoomTimeline apply(String roomId, TimelineCommand command, double now) {
        return rooms.compute(roomId, (id, current) ->
                (current != null ? current : RoomTimeline.empty(now)).apply(command, now));
    }

    /** Forgets an ended room, so timelines do not accumulate over the pod's life. */
    public void remove(String roomId) {
        rooms.remove(roomId);
    }
}
