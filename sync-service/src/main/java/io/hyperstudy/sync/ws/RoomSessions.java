package io.hyperstudy.sync.ws;

import io.hyperstudy.model.sync.Presence;
import io.hyperstudy.sync.timeline.RoomTimeline;
import io.hyperstudy.sync.timeline.ServerClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The connections of each room on this pod, and what the room's state changes mean for each of them. */
@ApplicationScoped
public class RoomSessions {
    private final Map<String, Set<ClientSession>> rooms = new ConcurrentHashMap<>();

    @Inject
    ServerClock clock;

    void join(ClientSession session) {
        rooms.computeIfAbsent(session.roomId, id -> ConcurrentHashMap.newKeySet()).add(session);
        announcePresence(session.roomId);
    }

    void leave(ClientSession session) {
        rooms.computeIfPresent(session.roomId, (id, members) -> {
            members.remove(session);
            return members.isEmpty() ? null : members;
        });
        announcePresence(session.roomId);
    }

    /** The room's timeline changed: everyone gets it, and each client where and when to be. */
    public void timelineChanged(String roomId, RoomTimeline timeline) {
        double now = clock.nowMillis();
        for (ClientSession s : members(roomId)) {
            s.send(timeline.toMessage());
            s.onTimeline(timeline, now).ifPresent(s::send);
        }
    }

    public int connections() {
        return rooms.values().stream().mapToInt(Set::size).sum();
    }

    private void announcePresence(String roomId) {
        var members = members(roomId);
        List<Presence.Member> forStaff = members.stream().map(s -> new Presence.Member(s.participantId, s.role, true,
                s.offsetErrorMs(), s.positionErrorMs())).toList();
        List<Presence.Member> forOthers = members.stream().map(s -> new Presence.Member(s.participantId, s.role, true,
                null, null)).toList();
        for (ClientSession s : members) {
            s.send(new Presence(s.staff ? forStaff : forOthers));
        }
    }

    private Set<ClientSession> members(String roomId) {
        return rooms.getOrDefault(roomId, Set.of());
    }
}
