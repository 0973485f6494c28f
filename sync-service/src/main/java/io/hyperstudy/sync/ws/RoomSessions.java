package io.hyperstudy.sync.ws;

import io.hyperstudy.model.sync.Presence;
import io.hyperstudy.sync.timeline.RoomTimeline;
import io.hyperstudy.sync.room.ServerClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
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

    /**
     * Adds the session to its room unless its participant already has {@code maxPerParticipant} sockets
     * there (staff are not limited); false when refused.
     */
    boolean tryJoin(ClientSession session, int maxPerParticipant) {
        boolean[] joined = {false};
        rooms.compute(session.roomId, (id, members) -> {
            Set<ClientSession> set = members != null ? members : ConcurrentHashMap.newKeySet();
            long same = set.stream().filter(s -> !s.staff && s.participantId.equals(session.participantId)).count();
            if (session.staff || same < maxPerParticipant) {
                set.add(session);
                joined[0] = true;
            }
            return set.isEmpty() ? null : set;
        });
        return joined[0];
    }

    /** The session has greeted its client: everyone in the room hears who is there now. */
    void greeted(ClientSession session) {
        announcePresence(session.roomId);
    }

    /** Closes every socket of one participant in a room (they left it), with {@code code} and {@code reason}. */
    public void expel(String roomId, String participantId, int code, String reason) {
        for (ClientSession s : members(roomId)) {
            if (!s.staff && s.participantId.equals(participantId)) {
                s.close(code, reason);
            }
        }
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
        // one entry per person, however many sockets they hold (a reload overlaps the old one)
        Map<String, ClientSession> people = new LinkedHashMap<>();
        members.forEach(s -> people.putIfAbsent(s.participantId, s));
        List<Presence.Member> forStaff = people.values().stream().map(s -> new Presence.Member(s.participantId, s.role,
                true, s.offsetErrorMs(), s.positionErrorMs())).toList();
        List<Presence.Member> forOthers = people.values().stream().map(s -> new Presence.Member(s.participantId, s.role,
                true, null, null)).toList();
        for (ClientSession s : members) {
            s.send(new Presence(s.staff ? forStaff : forOthers));
        }
    }

    private Set<ClientSession> members(String roomId) {
        return rooms.getOrDefault(roomId, Set.of());
    }
}
