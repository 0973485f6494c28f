package io.hyperstudy.experiment.room;

import io.hyperstudy.experiment.definition.Component;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.Dropout;
import io.hyperstudy.experiment.definition.End;
import io.hyperstudy.experiment.definition.Recording;
import io.hyperstudy.experiment.definition.State;
import io.hyperstudy.experiment.room.Member.Presence;
import io.hyperstudy.experiment.session.Outcome;
import io.hyperstudy.model.events.DomainEvent;
import io.hyperstudy.model.events.ParticipantLeft;
import io.hyperstudy.model.events.RoomEnded;
import io.hyperstudy.model.events.RoomStarted;
import io.hyperstudy.model.events.RoomStateChanged;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server-driven state machine of a room, as pure functions: given the room, what happened and the
 * server time, it says what the room becomes and which events that raises. No I/O and no clocks of its
 * own, so every replica decides alike and tests can drive it through any sequence of events.
 */
public final class RoomMachine {
    public static final String END_COMPLETED = "completed";
    public static final String END_EXPERIMENTER = "ended";
    public static final String END_DROPOUT = "dropout";

    private final Definition definition;
    private final long leadMs;
    private final long recordingLeadMs;
    private final long defaultGraceMs;

    /**
     * @param leadMs          time between a decision and the start of the state it enters, so clients can prepare
     * @param recordingLeadMs the same for a state that records (if longer), so that LiveKit's egress is running
     *                        when the state begins rather than a second or two into it
     * @param defaultGraceMs  the session's grace period, for a pause policy without its own
     */
    public RoomMachine(Definition definition, long leadMs, long recordingLeadMs, long defaultGraceMs) {
        this.definition = definition;
        this.leadMs = leadMs;
        this.recordingLeadMs = Math.max(leadMs, recordingLeadMs);
        this.defaultGraceMs = defaultGraceMs;
    }

    public RoomMachine(Definition definition, long leadMs, long defaultGraceMs) {
        this(definition, leadMs, leadMs, defaultGraceMs);
    }

    /** A new room of these members, entering the first state. */
    public RoomStep start(String roomId, String sessionId, String experimentId, int version, List<Member> members,
                          long now) {
        Room empty = new Room(roomId, sessionId, experimentId, version, members, -1, Room.Status.RUNNING, now, null,
                null, false, null, Set.of(), 0, now, null, null);
        List<DomainEvent> events = new ArrayList<>();
        events.add(new RoomStarted(roomId, sessionId, experimentId, version,
                members.stream().map(m -> new RoomStarted.Member(m.participantId(), m.role())).toList(), now));
        RoomStep first = enter(empty, 0, now);
        events.addAll(first.events());
        return new RoomStep(first.room(), events, first.outcomes(), true);
    }

    /** A timer fired: the state's deadline or a dropout's grace period may be due. */
    public RoomStep wake(Room room, long now) {
        if (room.status() == Room.Status.PAUSED && room.graceDeadline() != null && room.graceDeadline() <= now) {
            return graceExpired(room, now);
        }
        if (room.status() == Room.Status.RUNNING && room.deadline() != null && room.deadline() <= now) {
            return enter(room, room.stateIndex() + 1, now);
        }
        return RoomStep.unchanged(room);
    }

    /** A participant submitted a component of a state; the room moves on when everyone it waits for has. */
    public RoomStep submit(Room room, String participantId, int stateIndex, String componentId, long now) {
        if (room.status() == Room.Status.ENDED || stateIndex != room.stateIndex()
                || room.submitted().contains(participantId)) {
            return RoomStep.unchanged(room);
        }
        State state = state(room.stateIndex());
        if (state.focus() == null || !state.focus().id().equals(componentId) || !state.focus().submittable()) {
            return RoomStep.unchanged(room);
        }
        Set<String> submitted = new HashSet<>(room.submitted());
        submitted.add(participantId);
        Room.Builder b = room.toBuilder();
        b.submitted = submitted;
        Room updated = b.build();
        if (room.status() == Room.Status.RUNNING && endsOnSubmissions(state) && allSubmitted(updated, state)) {
            return enter(updated, room.stateIndex() + 1, now);
        }
        return new RoomStep(updated, List.of(), Map.of(), true);
    }

    /** A participant went silent: the state's dropout policy decides what the room does. */
    public RoomStep absent(Room room, String participantId, long now) {
        Optional<Member> m = room.member(participantId);
        if (room.status() == Room.Status.ENDED || m.isEmpty() || m.get().presence() != Presence.PRESENT) {
            return RoomStep.unchanged(room);
        }
        Dropout dropout = state(room.stateIndex()).dropout() == null ? Dropout.DEFAULT : state(room.stateIndex()).dropout();
        Room.Builder b = room.toBuilder();
        b.members = replace(room.members(), m.get().with(Presence.ABSENT, now));
        switch (dropout.policy()) {
            case END_ROOM -> {
                b.members = replace(room.members(), m.get().with(Presence.DROPPED, now));
                Map<String, Outcome> outcomes = new LinkedHashMap<>();
                outcomes.put(participantId, Outcome.DROPPED);
                return end(b, room, END_DROPOUT, Outcome.ENDED, outcomes, now);
            }
            case PAUSE -> {
                long grace = dropout.graceSeconds() == null ? defaultGraceMs : Math.round(dropout.graceSeconds() * 1000);
                List<DomainEvent> events = new ArrayList<>();
                if (room.status() == Room.Status.RUNNING) {
                    hold(b, now);
                    events.add(changed(room, b, RoomStateChanged.PAUSE, now));
                }
                if (b.graceDeadline == null || b.graceDeadline > now + grace) {
                    b.graceDeadline = now + grace;
                }
                return new RoomStep(b.build(), events, Map.of(), true);
            }
            default -> {
                Room updated = b.build();
                State state = state(room.stateIndex());
                if (updated.status() == Room.Status.RUNNING && endsOnSubmissions(state) && allSubmitted(updated, state)) {
                    return enter(updated, room.stateIndex() + 1, now);
                }
                return new RoomStep(updated, List.of(), Map.of(), true);
            }
        }
    }

    /** A participant who went silent is back; a room held only for them goes on. */
    public RoomStep returned(Room room, String participantId, long now) {
        Optional<Member> m = room.member(participantId);
        if (room.status() == Room.Status.ENDED || m.isEmpty() || m.get().presence() != Presence.ABSENT) {
            return RoomStep.unchanged(room);
        }
        Room.Builder b = room.toBuilder();
        b.members = replace(room.members(), m.get().with(Presence.PRESENT, null));
        boolean othersAbsent = b.members.stream().anyMatch(x -> x.presence() == Presence.ABSENT);
        List<DomainEvent> events = new ArrayList<>();
        if (room.graceDeadline() != null && !othersAbsent) {
            b.graceDeadline = null;
            if (!b.heldByExperimenter) {
                release(b, now);
                events.add(changed(room, b, RoomStateChanged.RESUME, now));
            }
        }
        return new RoomStep(b.build(), events, Map.of(), true);
    }

    /** A participant left for good (withdrew consent). */
    public RoomStep withdraw(Room room, String participantId, long now) {
        Optional<Member> m = room.member(participantId);
        if (room.status() == Room.Status.ENDED || m.isEmpty() || !m.get().stillIn()) {
            return RoomStep.unchanged(room);
        }
        Room.Builder b = room.toBuilder();
        b.members = replace(room.members(), m.get().with(Presence.WITHDRAWN, now));
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        outcomes.put(participantId, Outcome.NO_CONSENT);
        List<DomainEvent> events = new ArrayList<>();
        events.add(new ParticipantLeft(room.sessionId(), room.id(), participantId, Outcome.NO_CONSENT.wireName()));
        return carryOn(b, room, events, outcomes, now);
    }

    public RoomStep pause(Room room, long now) {
        if (room.status() == Room.Status.ENDED || room.heldByExperimenter()) {
            return RoomStep.unchanged(room);
        }
        Room.Builder b = room.toBuilder();
        List<DomainEvent> events = new ArrayList<>();
        if (room.status() == Room.Status.RUNNING) {
            hold(b, now);
            events.add(changed(room, b, RoomStateChanged.PAUSE, now));
        }
        b.heldByExperimenter = true;
        return new RoomStep(b.build(), events, Map.of(), true);
    }

    public RoomStep resume(Room room, long now) {
        if (room.status() != Room.Status.PAUSED || !room.heldByExperimenter()) {
            return RoomStep.unchanged(room);
        }
        Room.Builder b = room.toBuilder();
        b.heldByExperimenter = false;
        List<DomainEvent> events = new ArrayList<>();
        if (b.graceDeadline == null) {
            release(b, now);
            events.add(changed(room, b, RoomStateChanged.RESUME, now));
        }
        return new RoomStep(b.build(), events, Map.of(), true);
    }

    /** The experimenter moves the room to a state (forward or back); the room keeps any hold it had. */
    public RoomStep skip(Room room, int stateIndex, long now) {
        if (room.status() == Room.Status.ENDED) {
            return RoomStep.unchanged(room);
        }
        Room.Builder b = room.toBuilder();
        boolean held = room.status() == Room.Status.PAUSED;
        b.status = Room.Status.RUNNING;
        RoomStep entered = enter(b.build(), stateIndex, now);
        if (!held || entered.room().status() == Room.Status.ENDED) {
            return entered;
        }
        Room.Builder again = entered.room().toBuilder();
        hold(again, now);
        again.heldByExperimenter = room.heldByExperimenter();
        again.graceDeadline = room.graceDeadline();
        List<DomainEvent> events = new ArrayList<>(entered.events());
        events.add(changed(entered.room(), again, RoomStateChanged.PAUSE, now));
        return new RoomStep(again.build(), events, entered.outcomes(), true);
    }

    public RoomStep end(Room room, long now) {
        if (room.status() == Room.Status.ENDED) {
            return RoomStep.unchanged(room);
        }
        return end(room.toBuilder(), room, END_EXPERIMENTER, Outcome.ENDED, new LinkedHashMap<>(), now);
    }

    private RoomStep graceExpired(Room room, long now) {
        Room.Builder b = room.toBuilder();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        List<DomainEvent> events = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        for (Member m : room.members()) {
            if (m.presence() == Presence.ABSENT) {
                members.add(m.with(Presence.DROPPED, m.absentSince()));
                outcomes.put(m.participantId(), Outcome.DROPPED);
                events.add(new ParticipantLeft(room.sessionId(), room.id(), m.participantId(), Outcome.DROPPED.wireName()));
            } else {
                members.add(m);
            }
        }
        b.members = members;
        b.graceDeadline = null;
        if (b.members.stream().noneMatch(Member::stillIn)) {
            return end(b, room, END_DROPOUT, Outcome.ENDED, outcomes, now, events);
        }
        if (!b.heldByExperimenter) {
            release(b, now);
            events.add(changed(room, b, RoomStateChanged.RESUME, now));
        }
        Room updated = b.build();
        State state = state(room.stateIndex());
        if (updated.status() == Room.Status.RUNNING && endsOnSubmissions(state) && allSubmitted(updated, state)) {
            RoomStep next = enter(updated, room.stateIndex() + 1, now);
            events.addAll(next.events());
            outcomes.putAll(next.outcomes());
            return new RoomStep(next.room(), events, outcomes, true);
        }
        return new RoomStep(updated, events, outcomes, true);
    }

    private RoomStep carryOn(Room.Builder b, Room before, List<DomainEvent> events, Map<String, Outcome> outcomes,
                             long now) {
        if (b.members.stream().noneMatch(Member::stillIn)) {
            return end(b, before, END_DROPOUT, Outcome.ENDED, outcomes, now, events);
        }
        Room updated = b.build();
        State state = state(before.stateIndex());
        if (updated.status() == Room.Status.RUNNING && endsOnSubmissions(state) && allSubmitted(updated, state)) {
            RoomStep next = enter(updated, before.stateIndex() + 1, now);
            List<DomainEvent> all = new ArrayList<>(events);
            all.addAll(next.events());
            Map<String, Outcome> allOutcomes = new LinkedHashMap<>(outcomes);
            allOutcomes.putAll(next.outcomes());
            return new RoomStep(next.room(), all, allOutcomes, true);
        }
        return new RoomStep(updated, events, outcomes, true);
    }

    private RoomStep enter(Room room, int index, long now) {
        List<State> states = definition.statesOrEmpty();
        if (index >= states.size()) {
            return end(room.toBuilder(), room, END_COMPLETED, Outcome.COMPLETED, new LinkedHashMap<>(), now);
        }
        int target = Math.max(0, index);
        State state = states.get(target);
        Room.Builder b = room.toBuilder();
        b.stateIndex = target;
        b.status = Room.Status.RUNNING;
        b.stateStartsAt = now + (state.recordingOrNone() == Recording.NONE ? leadMs : recordingLeadMs);
        b.deadline = state.end() != null && state.end().seconds() != null
                ? b.stateStartsAt + Math.round(state.end().seconds() * 1000) : null;
        b.remainingMs = null;
        b.heldByExperimenter = false;
        b.graceDeadline = null;
        b.submitted = Set.of();
        Room entered = b.build();
        return new RoomStep(entered, List.of(changed(entered, RoomStateChanged.ENTER, entered.stateStartsAt())),
                Map.of(), true);
    }

    private RoomStep end(Room.Builder b, Room before, String reason, Outcome forThoseStillIn,
                         Map<String, Outcome> outcomes, long now) {
        return end(b, before, reason, forThoseStillIn, outcomes, now, new ArrayList<>());
    }

    private RoomStep end(Room.Builder b, Room before, String reason, Outcome forThoseStillIn,
                         Map<String, Outcome> outcomes, long now, List<DomainEvent> earlier) {
        List<DomainEvent> events = new ArrayList<>(earlier);
        for (Member m : b.members) {
            if (outcomes.containsKey(m.participantId()) && !events.stream().anyMatch(e ->
                    e instanceof ParticipantLeft l && l.participantId().equals(m.participantId()))) {
                events.add(new ParticipantLeft(before.sessionId(), before.id(), m.participantId(),
                        outcomes.get(m.participantId()).wireName()));
            } else if (m.stillIn()) {
                // someone still silent when the room completes did not finish it
                Outcome o = m.presence() == Presence.ABSENT && forThoseStillIn == Outcome.COMPLETED
                        ? Outcome.DROPPED : forThoseStillIn;
                outcomes.put(m.participantId(), o);
                events.add(new ParticipantLeft(before.sessionId(), before.id(), m.participantId(), o.wireName()));
            }
        }
        b.status = Room.Status.ENDED;
        b.deadline = null;
        b.graceDeadline = null;
        b.remainingMs = null;
        b.endedAt = now;
        b.endReason = reason;
        Room ended = b.build();
        events.add(new RoomEnded(before.id(), before.sessionId(), reason, now));
        return new RoomStep(ended, events, outcomes, true);
    }

    private void hold(Room.Builder b, long now) {
        b.status = Room.Status.PAUSED;
        b.remainingMs = b.deadline == null ? null : Math.max(0, b.deadline - Math.max(now, b.stateStartsAt));
        b.deadline = null;
    }

    private void release(Room.Builder b, long now) {
        b.status = Room.Status.RUNNING;
        b.stateStartsAt = now + leadMs;
        b.deadline = b.remainingMs == null ? null : b.stateStartsAt + b.remainingMs;
        b.remainingMs = null;
    }

    private static boolean endsOnSubmissions(State state) {
        return state.end() != null && state.end().kind() == End.Kind.ALL_SUBMITTED;
    }

    /**
     * Everyone present whom the state is for has submitted. A room with nobody present at all does not
     * run through its states on its own; it waits for someone to come back (or for a cap or grace).
     */
    private boolean allSubmitted(Room room, State state) {
        List<String> audience = state.rolesOrEmpty();
        if (room.members().stream().noneMatch(m -> m.presence() == Presence.PRESENT)) {
            return false;
        }
        return room.members().stream()
                .filter(m -> m.presence() == Presence.PRESENT)
                .filter(m -> audience.isEmpty() || audience.contains(m.role()))
                .allMatch(m -> room.submitted().contains(m.participantId()));
    }

    private State state(int index) {
        return definition.statesOrEmpty().get(index);
    }

    /** A pause takes effect now; a resume at the new start, after the lead. */
    private RoomStateChanged changed(Room before, Room.Builder after, String transition, long now) {
        long at = RoomStateChanged.PAUSE.equals(transition) ? now : after.stateStartsAt;
        return changedEvent(before, after.stateIndex, transition, at, before.seq() + 1);
    }

    private RoomStateChanged changed(Room room, String transition, long startsAt) {
        return changedEvent(room, room.stateIndex(), transition, startsAt, room.seq());
    }

    private RoomStateChanged changedEvent(Room room, int index, String transition, long startsAt, long seq) {
        State state = state(index);
        Optional<Component.Video> video = syncedVideo(state);
        return new RoomStateChanged(room.id(), room.sessionId(), room.experimentId(), index, state.id(), startsAt,
                video.map(Component.Video::mediaId).orElse(null),
                video.map(v -> v.startSeconds() == null ? 0.0 : v.startSeconds()).orElse(null), transition, seq,
                video.map(v -> Boolean.TRUE.equals(v.waitForBuffering())).orElse(false),
                state.recordingOrNone().name().toLowerCase(Locale.ROOT));
    }

    /** The state's synced video, if it has one (validation allows at most one). */
    public static Optional<Component.Video> syncedVideo(State state) {
        return state.components().stream().filter(c -> c instanceof Component.Video v && v.playsInSync())
                .map(c -> (Component.Video) c).findFirst();
    }

    private static List<Member> replace(List<Member> members, Member updated) {
        return members.stream().map(m -> m.participantId().equals(updated.participantId()) ? updated : m).toList();
    }
}
