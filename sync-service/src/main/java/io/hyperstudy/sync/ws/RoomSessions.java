package io.hyperstudy.sync.ws;

import io.hyperstudy.model.live.LiveChat;
import io.hyperstudy.model.live.LiveRoom;
import io.hyperstudy.model.sync.Chat;
import io.hyperstudy.model.sync.Outcome;
import io.hyperstudy.model.sync.Presence;
import io.hyperstudy.model.sync.RoomState;
import io.hyperstudy.sync.room.LiveStates;
import io.hyperstudy.sync.room.RoomTimelines;
import io.hyperstudy.sync.room.ServerClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of each room on this pod, and what the room's changes mean for each of them: the room frame
 * its role sees, the timeline, chat, presence, a participant's outcome. Called from the room's lane, so each
 * socket hears a room's changes in the order they were made.
 */
@ApplicationScoped
public class RoomSessions {
    private final Map<String, Set<ClientSession>> rooms = new ConcurrentHashMap<>();

    @Inject
    ServerClock clock;

    @Inject
    LiveStates states;

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
        announcePresence(session.roomId, false);
    }

    /** Closes every socket of one participant in a room (they left it), with {@code code} and {@code reason}. */
    public void expel(String roomId, String participantId, int code, String reason) {
        for (ClientSession s : members(roomId)) {
            if (!s.staff && s.participantId.equals(participantId)) {
                s.close(code, reason);
            }
        }
    }

    /** Closes every socket of the room on this pod with {@code code} and {@code reason}. */
    public void closeRoom(String roomId, int code, String reason) {
        for (ClientSession s : members(roomId)) {
            s.close(code, reason);
        }
    }

    /** Whether a socket of this participant is open in the room on this pod. */
    public boolean holdsParticipant(String roomId, String participantId) {
        return members(roomId).stream().anyMatch(s -> !s.staff && s.participantId.equals(participantId));
    }

    /** A participant's part is over: their sockets hear the outcome, then close (4403). */
    public void outcome(String roomId, String participantId, Outcome outcome) {
        for (ClientSession s : members(roomId)) {
            if (!s.staff && s.participantId.equals(participantId)) {
                s.send(outcome);
                s.close(RoomSocket.CLOSE_LEFT_ROOM, "left the room: " + outcome.outcome());
            }
        }
    }

    void leave(ClientSession session) {
        rooms.computeIfPresent(session.roomId, (id, members) -> {
            members.remove(session);
            return members.isEmpty() ? null : members;
        });
        announcePresence(session.roomId, false);
    }

    /** The room's timeline changed: everyone gets it, and each client where and when to be. */
    public void timelineChanged(String roomId, RoomTimelines.Versioned timeline) {
        double now = clock.nowMillis();
        for (ClientSession s : members(roomId)) {
            s.sendTimeline(timeline.toMessage());
            s.onTimeline(timeline.timeline(), now).ifPresent(s::send);
        }
    }

    /** The room's state changed: each socket gets the room as its role sees it, and the room's presence. */
    public void roomChanged(LiveRoom live) {
        for (ClientSession s : members(live.roomId())) {
            s.sendRoom(frameFor(live, s));
        }
        announcePresence(live.roomId(), false);
    }

    /** A stored chat message, to every socket of its room that shows that chat now. */
    public void chat(LiveChat chat) {
        Chat frame = frame(chat, false);
        LiveRoom live = states.get(chat.roomId()).orElse(null);
        for (ClientSession s : members(chat.roomId())) {
            if (live == null || mountedChats(live, s).contains(chat.componentId())) {
                s.send(frame);
            }
        }
    }

    /** A socket that (re)connected gets the stored messages of the chats it shows now, oldest first. */
    void history(ClientSession session, List<LiveChat> stored) {
        LiveRoom live = states.get(session.roomId).orElse(null);
        if (live == null) {
            return;
        }
        Set<String> shown = mountedChats(live, session);
        for (LiveChat chat : stored) {
            if (shown.contains(chat.componentId())) {
                session.send(frame(chat, true));
            }
        }
    }

    static Chat frame(LiveChat chat, boolean history) {
        return new Chat(chat.componentId(), chat.messageId(), chat.text(), chat.from(), chat.role(),
                (double) chat.serverTime(), history ? Boolean.TRUE : null);
    }

    /** The ids of the chat components the socket's view of the current state shows. */
    static Set<String> mountedChats(LiveRoom live, ClientSession s) {
        LiveRoom.View view = view(live, s);
        Set<String> ids = new java.util.HashSet<>();
        for (var c : view.components()) {
            if ("chat".equals(c.path("type").asText()) && c.hasNonNull("id")) {
                ids.add(c.get("id").asText());
            }
        }
        return ids;
    }

    private static LiveRoom.View view(LiveRoom live, ClientSession s) {
        LiveRoom.View view = live.views().get(s.staff ? LiveRoom.STAFF_VIEW : s.role);
        return view != null ? view : new LiveRoom.View(null, false, List.of(), false, List.of());
    }

    /** The room frame for one socket: its role's view of the current state. */
    static RoomState frameFor(LiveRoom live, ClientSession s) {
        LiveRoom.View view = view(live, s);
        boolean mustSubmit = !s.staff && view.submittable() && "running".equals(live.status())
                && !live.submitted().contains(s.participantId);
        return new RoomState(live.roomId(), live.seq(), live.status(), live.stateIndex(), live.stateCount(),
                live.stateId(), view.title(), view.forMe(), view.components(), view.chats(), live.startsAt(),
                live.endsAt(), live.remainingMs(), mustSubmit, live.decidedAt());
    }

    /** Staff sockets in rooms on this pod, by room: who gets the sync figures each second. */
    public List<String> roomsWithStaff() {
        List<String> out = new ArrayList<>();
        rooms.forEach((room, members) -> {
            if (members.stream().anyMatch(s -> s.staff)) {
                out.add(room);
            }
        });
        return out;
    }

    /** {@code roomId/participantId} of every participant with an open socket on this pod. */
    public Set<String> connectedParticipants() {
        Set<String> out = new java.util.HashSet<>();
        rooms.forEach((room, members) -> members.forEach(s -> {
            if (!s.staff && !s.closing()) {
                out.add(room + "/" + s.participantId);
            }
        }));
        return out;
    }

    /** Rooms with sockets on this pod. */
    public Set<String> rooms() {
        return rooms.keySet();
    }

    public int connections() {
        return rooms.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * Every member of the room (as experiment-service knows them) and every connected staff member, each once,
     * online when they hold a socket here (a room lives on one pod: room affinity). {@code staffOnly}: the
     * periodic figures, for staff sockets alone.
     */
    void announcePresence(String roomId, boolean staffOnly) {
        var sockets = members(roomId);
        Map<String, ClientSession> online = new LinkedHashMap<>();
        sockets.forEach(s -> online.putIfAbsent(s.participantId, s));
        Map<String, String> roles = new LinkedHashMap<>();
        states.get(roomId).ifPresent(live -> live.members().forEach(m -> roles.put(m.participantId(), m.role())));
        online.values().forEach(s -> roles.putIfAbsent(s.participantId, s.role));
        double now = clock.nowMillis();
        List<Presence.Member> forStaff = new ArrayList<>();
        List<Presence.Member> forOthers = new ArrayList<>();
        roles.forEach((participant, role) -> {
            ClientSession s = online.get(participant);
            forOthers.add(new Presence.Member(participant, role, s != null, null, null, null, null));
            forStaff.add(s == null ? new Presence.Member(participant, role, false, null, null, null, null)
                    : new Presence.Member(participant, role, true, s.offsetErrorMs(), s.positionErrorMs(), s.rate(),
                    s.reportAgeMs(now)));
        });
        Presence staffFrame = new Presence(forStaff);
        Presence othersFrame = new Presence(forOthers);
        for (ClientSession s : sockets) {
            if (s.staff) {
                s.send(staffFrame);
            } else if (!staffOnly) {
                s.send(othersFrame);
            }
        }
    }

    private Set<ClientSession> members(String roomId) {
        return rooms.getOrDefault(roomId, Set.of());
    }
}
