package io.hyperstudy.experiment.participant;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.hyperstudy.experiment.definition.Component;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.State;
import io.hyperstudy.experiment.pass.Pass;
import io.hyperstudy.experiment.pass.PassClaims;
import io.hyperstudy.experiment.pass.PassIssuer;
import io.hyperstudy.experiment.platform.Events;
import io.hyperstudy.experiment.platform.KeyedLocks;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.response.ResponseInput;
import io.hyperstudy.experiment.response.ResponseStore;
import io.hyperstudy.experiment.response.ResponseValidator;
import io.hyperstudy.experiment.response.StoredResponse;
import io.hyperstudy.experiment.room.Member;
import io.hyperstudy.experiment.room.Room;
import io.hyperstudy.experiment.room.RoomEngine;
import io.hyperstudy.experiment.room.RoomPlans;
import io.hyperstudy.experiment.room.RoomStep;
import io.hyperstudy.experiment.room.RoomStore;
import io.hyperstudy.experiment.session.Matching;
import io.hyperstudy.experiment.session.Outcome;
import io.hyperstudy.experiment.session.Session;
import io.hyperstudy.experiment.session.SessionStore;
import io.hyperstudy.experiment.store.FirestoreCalls;
import io.hyperstudy.experiment.store.Outbox;
import io.hyperstudy.experiment.waiting.Grouping;
import io.hyperstudy.experiment.waiting.WaitingRoom;
import io.hyperstudy.model.api.Problem.FieldError;
import io.hyperstudy.model.events.ParticipantJoined;
import io.hyperstudy.model.events.ParticipantLeft;
import io.hyperstudy.model.events.ResponseRecorded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A participant's side of a session: redeeming the link, heartbeats that keep their place (and tell
 * them where they are), their responses, and leaving. Every call but redeem is made with their pass.
 */
@ApplicationScoped
public class ParticipantService {
    static final Pattern PARAMETER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    static final int MAX_PARAMS = 20;
    static final int MAX_BATCH = 100;
    public static final String ROLE_PARAMETER = "role";

    @Inject
    SessionStore sessions;

    @Inject
    RoomStore rooms;

    @Inject
    RoomPlans plans;

    @Inject
    RoomEngine engine;

    @Inject
    WaitingRoom waiting;

    @Inject
    ResponseStore responses;

    @Inject
    PassIssuer passes;

    @Inject
    Outbox outbox;

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    Clock clock;

    @Inject
    KeyedLocks locks;

    /** The result of redeeming a link: a pass and where the participant stands. */
    public record Redeemed(Pass pass, ParticipantStatus status) {
    }

    /**
     * Admits the bearer of a session link. The same label (the recruitment id) always maps to the same
     * participant, so a person who comes back gets their place back; an unknown session or a wrong key
     * are both 404, so links cannot be guessed at.
     */
    public Redeemed redeem(String sessionId, String key, Map<String, String> params) {
        Map<String, String> p = params == null ? Map.of() : params;
        List<FieldError> errors = paramErrors(p);
        if (!errors.isEmpty()) {
            throw RequestRefused.invalid("the link's parameters are invalid", errors);
        }
        Session session = sessions.find(sessionId).filter(s -> key != null && MessageDigest.isEqual(
                        s.joinKey().getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8)))
                .orElseThrow(() -> RequestRefused.notFound("session " + sessionId));
        String label = p.get(session.settings().labelParameter());
        String participantId = label == null ? "p-" + UUID.randomUUID().toString().replace("-", "")
                : "p-" + digest(sessionId + "\n" + label);
        Definition definition = plans.definition(session.experimentId(), session.version());
        Instant now = clock.instant();
        Participant participant = locks.with("session:" + sessionId, () -> calls.await(firestore.runTransaction(tx -> {
            DocumentSnapshot sd = tx.get(sessions.doc(sessionId)).get();
            DocumentSnapshot pd = tx.get(sessions.participantDoc(sessionId, participantId)).get();
            Session current = sessions.session(sd);
            if (pd.exists()) {
                Participant existing = sessions.participant(pd);
                if (existing.status() == Participant.Status.WAITING) {
                    outbox.add(tx, Events.of(new ParticipantJoined(sessionId, participantId, label, true), now));
                }
                return existing;
            }
            if (!current.open()) {
                throw RequestRefused.conflict("this session no longer admits participants");
            }
            Integer max = current.settings().maxParticipants();
            if (max != null && current.participantCount() >= max) {
                throw RequestRefused.conflict("this session is full");
            }
            String role = null;
            if (current.settings().matching() == Matching.ROLE_BALANCED) {
                String asked = p.get(ROLE_PARAMETER);
                role = asked != null && definition.rolesOrEmpty().stream().anyMatch(r -> r.id().equals(asked)) ? asked
                        : Grouping.roleFor(definition.rolesOrEmpty(), current.roleCounts());
            }
            Participant created = new Participant(participantId, sessionId, label, p, Participant.Status.WAITING, role,
                    null, null, now, null);
            sessions.write(tx, created);
            sessions.write(tx, current.joinedBy(role));
            outbox.add(tx, Events.of(new ParticipantJoined(sessionId, participantId, label, false), now));
            return created;
        })));
        if (participant.status() == Participant.Status.WAITING) {
            waiting.enqueue(sessionId, participantId, participant.joinedAt().toEpochMilli(), now.toEpochMilli());
        }
        Pass pass = passFor(participant, definition);
        return new Redeemed(pass, status(participant, session, null, Optional.empty()));
    }

    /** Where the participant stands, without counting as a heartbeat. */
    public ParticipantStatus status(PassClaims claims) {
        Participant p = participant(claims);
        Session session = plans.session(p.sessionId());
        Optional<Room> room = p.roomId() == null ? Optional.empty() : rooms.find(p.roomId());
        return status(p, session, claims, room);
    }

    /**
     * The participant is still here: keeps their place in line, brings them back into a room they went
     * silent in, and says where they stand.
     */
    public ParticipantStatus heartbeat(PassClaims claims) {
        Participant p = participant(claims);
        Session session = plans.session(p.sessionId());
        long now = clock.millis();
        Optional<Room> room = Optional.empty();
        switch (p.status()) {
            case WAITING -> {
                if (now - p.joinedAt().toEpochMilli() > session.settings().waitingTimeoutSeconds() * 1000L) {
                    p = finishWaiting(p, Outcome.TIMED_OUT);
                } else if (!waiting.seenWaiting(p.sessionId(), p.id(), now)) {
                    waiting.enqueue(p.sessionId(), p.id(), p.joinedAt().toEpochMilli(), now);
                }
            }
            case IN_ROOM -> {
                waiting.seenInRoom(p.roomId(), p.id(), now);
                room = rooms.find(p.roomId());
                String pid = p.id();
                if (room.isPresent() && room.get().member(pid).map(m -> m.presence() == Member.Presence.ABSENT)
                        .orElse(false)) {
                    room = Optional.of(engine.apply(p.roomId(), (machine, r) -> machine.returned(r, pid, clock.millis()))
                            .room());
                }
            }
            case FINISHED -> {
                if (p.roomId() != null) {
                    waiting.forgetInRoom(p.roomId(), p.id());
                }
                room = p.roomId() == null ? Optional.empty() : rooms.find(p.roomId());
            }
        }
        return status(p, session, claims, room);
    }

    /** A fresh pass, naming the participant's room and role once they have them. */
    public Pass renew(PassClaims claims) {
        Participant p = participant(claims);
        Session session = plans.session(p.sessionId());
        return passFor(p, plans.definition(session.experimentId(), session.version()));
    }

    /** Stores a batch of responses, once each, and lets the room move on if they complete its state. */
    public Recorded record(PassClaims claims, List<ResponseInput> batch) {
        if (batch == null || batch.isEmpty()) {
            throw RequestRefused.invalid("no responses", List.of(new FieldError("responses", "needs at least one")));
        }
        if (batch.size() > MAX_BATCH) {
            throw RequestRefused.invalid("too many responses at once", List.of(new FieldError("responses",
                    "must have at most " + MAX_BATCH + " responses; send the rest in another request")));
        }
        Participant p = participant(claims);
        if (p.status() != Participant.Status.IN_ROOM) {
            throw RequestRefused.conflict("responses are taken in a room; this participant is "
                    + p.status().name().toLowerCase().replace('_', ' '));
        }
        Session session = plans.session(p.sessionId());
        Definition definition = plans.definition(session.experimentId(), session.version());
        Room before = rooms.find(p.roomId()).orElseThrow(() -> RequestRefused.notFound("room " + p.roomId()));
        List<Resolved> resolved = resolve(definition, before, batch);
        long serverTime = clock.millis();
        Recorded result = locks.with("room:" + p.roomId(), () -> calls.await(firestore.runTransaction(tx -> {
            DocumentSnapshot rd = tx.get(rooms.doc(p.roomId())).get();
            Room room = rooms.room(rd);
            DocumentReference[] refs = resolved.stream()
                    .map(r -> responses.doc(p.sessionId(), p.id(), r.input().id())).toArray(DocumentReference[]::new);
            List<DocumentSnapshot> existing = tx.getAll(refs).get();
            List<Resolved> fresh = new ArrayList<>();
            for (int i = 0; i < resolved.size(); i++) {
                if (!existing.get(i).exists()) {
                    fresh.add(resolved.get(i));
                }
            }
            var machine = plans.machine(room.sessionId());
            RoomStep step = null;
            Room current = room;
            LinkedHashSet<String> components = new LinkedHashSet<>();
            String stateId = null;
            for (Resolved r : fresh) {
                tx.create(responses.doc(p.sessionId(), p.id(), r.input().id()), ResponseStore.document(
                        new StoredResponse(session.experimentId(), p.sessionId(), p.roomId(), p.id(), p.role(),
                                r.stateIndex(), r.input().stateId(), r.input().componentId(), r.type(),
                                r.input().id(), r.input().value() == null ? "null" : r.input().value().toString(),
                                r.input().clientTime(), serverTime)));
                components.add(r.input().componentId());
                stateId = r.input().stateId();
                RoomStep s = machine.submit(current, p.id(), r.stateIndex(), r.input().componentId(), clock.millis());
                if (s.changed()) {
                    step = step == null ? s : merge(step, s);
                    current = s.room();
                }
            }
            if (!fresh.isEmpty()) {
                outbox.add(tx, Events.of(new ResponseRecorded(p.roomId(), p.sessionId(), p.id(), stateId,
                        List.copyOf(components), fresh.size()), clock.instant()));
            }
            if (step != null) {
                engine.write(tx, step);
            }
            return new Recorded(fresh.size(), resolved.size() - fresh.size(), step == null ? null : step.room());
        })));
        if (result.room() != null) {
            engine.written(result.room());
        }
        return result;
    }

    /** The participant's tab is closing: treat them as silent now rather than after the heartbeat timeout. */
    public void leave(PassClaims claims) {
        Participant p = participant(claims);
        if (p.status() == Participant.Status.WAITING) {
            waiting.remove(p.sessionId(), p.id());
        } else if (p.status() == Participant.Status.IN_ROOM) {
            waiting.forgetInRoom(p.roomId(), p.id());
            engine.apply(p.roomId(), (machine, room) -> machine.absent(room, p.id(), clock.millis()));
        }
    }

    /** The participant withdraws their consent: their part ends for good with the noConsent outcome. */
    public ParticipantStatus withdraw(PassClaims claims) {
        Participant p = participant(claims);
        if (p.status() == Participant.Status.WAITING) {
            finishWaiting(p, Outcome.NO_CONSENT);
        } else if (p.status() == Participant.Status.IN_ROOM) {
            waiting.forgetInRoom(p.roomId(), p.id());
            engine.apply(p.roomId(), (machine, room) -> machine.withdraw(room, p.id(), clock.millis()));
        }
        return status(claims);
    }

    /** What a batch of responses did: how many were new, how many repeats of stored ones. */
    public record Recorded(int accepted, int duplicates, Room room) {
    }

    private record Resolved(ResponseInput input, int stateIndex, String type) {
    }

    private List<Resolved> resolve(Definition definition, Room room, List<ResponseInput> batch) {
        List<FieldError> errors = new ArrayList<>();
        List<Resolved> resolved = new ArrayList<>();
        List<State> states = definition.statesOrEmpty();
        for (int i = 0; i < batch.size(); i++) {
            String at = "responses[" + i + "]";
            ResponseInput r = batch.get(i);
            if (r == null) {
                errors.add(new FieldError(at, "must not be null"));
                continue;
            }
            if (r.id() == null || !r.id().matches("[A-Za-z0-9_-]{1,64}")) {
                errors.add(new FieldError(at + ".id", "is required: 1 to 64 letters, digits, '-' or '_', made by the client"));
            }
            int index = -1;
            for (int s = 0; s < states.size(); s++) {
                if (states.get(s).id().equals(r.stateId())) {
                    index = s;
                }
            }
            if (index < 0) {
                errors.add(new FieldError(at + ".stateId", "names no state of this experiment"));
                continue;
            }
            if (index > room.stateIndex()) {
                errors.add(new FieldError(at + ".stateId", "is a state the room has not reached"));
                continue;
            }
            State state = states.get(index);
            Optional<Component> component = state.components().stream()
                    .filter(c -> c.id().equals(r.componentId())).findFirst();
            if (component.isEmpty()) {
                errors.add(new FieldError(at + ".componentId", "names no component of state " + state.id()));
                continue;
            }
            errors.addAll(ResponseValidator.check(component.get(), r.value(), at + ".value"));
            resolved.add(new Resolved(r, index, component.get().getClass().getSimpleName().toLowerCase()));
        }
        if (!errors.isEmpty()) {
            throw RequestRefused.invalid("some responses are invalid; none were stored", errors);
        }
        return resolved;
    }

    private static RoomStep merge(RoomStep first, RoomStep then) {
        List<io.hyperstudy.model.events.DomainEvent> events = new ArrayList<>(first.events());
        events.addAll(then.events());
        Map<String, Outcome> outcomes = new LinkedHashMap<>(first.outcomes());
        outcomes.putAll(then.outcomes());
        return new RoomStep(then.room(), events, outcomes, true);
    }

    private Participant finishWaiting(Participant p, Outcome outcome) {
        Participant finished = calls.await(firestore.runTransaction(tx -> {
            DocumentSnapshot d = tx.get(sessions.participantDoc(p.sessionId(), p.id())).get();
            Participant current = sessions.participant(d);
            if (current.status() != Participant.Status.WAITING) {
                return current;
            }
            Participant done = current.finished(outcome, clock.instant());
            sessions.write(tx, done);
            outbox.add(tx, Events.of(new ParticipantLeft(p.sessionId(), null, p.id(), outcome.wireName()),
                    clock.instant()));
            return done;
        }));
        waiting.remove(p.sessionId(), p.id());
        return finished;
    }

    private Participant participant(PassClaims claims) {
        return sessions.findParticipant(claims.sessionId(), claims.participantId())
                .orElseThrow(() -> RequestRefused.notFound("participant " + claims.participantId()));
    }

    private Pass passFor(Participant p, Definition definition) {
        boolean host = p.role() != null && p.status() == Participant.Status.IN_ROOM && definition.rolesOrEmpty().stream()
                .anyMatch(r -> r.id().equals(p.role()) && r.drivesPlayback());
        return passes.issue(new PassClaims(p.id(), p.sessionId(), plans.session(p.sessionId()).experimentId(),
                p.roomId(), p.role(), host,
                p.status() == Participant.Status.IN_ROOM ? publishSources(definition, p.role()) : List.of()));
    }

    /**
     * What the role may send in the experiment's calls, as LiveKit track sources: the camera where a call it
     * may publish in has video, the microphone where one has audio. Empty: it listens and watches only.
     */
    static List<String> publishSources(Definition definition, String role) {
        Set<String> sources = new TreeSet<>();
        definition.statesOrEmpty().stream().flatMap(s -> s.components().stream())
                .filter(c -> c instanceof Component.Call call
                        && (call.publishRoles() == null || call.publishRoles().isEmpty() || call.publishRoles().contains(role)))
                .map(c -> (Component.Call) c)
                .forEach(call -> {
                    if (!Boolean.FALSE.equals(call.video())) {
                        sources.add(PassClaims.CAMERA);
                    }
                    if (!Boolean.FALSE.equals(call.audio())) {
                        sources.add(PassClaims.MICROPHONE);
                    }
                });
        return List.copyOf(sources);
    }

    private ParticipantStatus status(Participant p, Session session, PassClaims claims, Optional<Room> room) {
        long now = clock.millis();
        Definition definition = plans.definition(session.experimentId(), session.version());
        ParticipantStatus.PassView fresh = null;
        if (claims != null && p.roomId() != null && !p.roomId().equals(claims.roomId())) {
            Pass pass = passFor(p, definition);
            fresh = new ParticipantStatus.PassView(pass.token(), pass.expiresAt());
        }
        ParticipantStatus.RoomView roomView = room.map(r -> roomView(r, definition, p)).orElse(null);
        return switch (p.status()) {
            case WAITING -> new ParticipantStatus(p.id(), p.sessionId(), "waiting", p.role(),
                    waiting.position(p.sessionId(), p.id()).stream().boxed().findFirst().orElse(null), p.joinedAt(),
                    null, null, null, null, now, fresh);
            case IN_ROOM -> new ParticipantStatus(p.id(), p.sessionId(), "inRoom", p.role(), null, null, roomView,
                    null, null, null, now, fresh);
            case FINISHED -> new ParticipantStatus(p.id(), p.sessionId(), "finished", p.role(), null, null, roomView,
                    p.outcome().wireName(), session.settings().codeFor(p.outcome()),
                    session.settings().completionUrlFor(p.outcome()), now, null);
        };
    }

    private static ParticipantStatus.RoomView roomView(Room r, Definition definition, Participant p) {
        List<State> states = definition.statesOrEmpty();
        State state = r.stateIndex() >= 0 && r.stateIndex() < states.size() ? states.get(r.stateIndex()) : null;
        boolean forMe = state != null && (state.rolesOrEmpty().isEmpty() || state.rolesOrEmpty().contains(p.role()));
        return new ParticipantStatus.RoomView(r.id(), r.status().name().toLowerCase(), r.stateIndex(), states.size(),
                state == null ? null : state.id(), state, forMe, r.stateStartsAt(), r.deadline(), r.remainingMs(),
                r.submitted().contains(p.id()), (int) r.members().stream().filter(Member::stillIn).count());
    }

    private static List<FieldError> paramErrors(Map<String, String> params) {
        List<FieldError> errors = new ArrayList<>();
        if (params.size() > MAX_PARAMS) {
            errors.add(new FieldError("params", "must have at most " + MAX_PARAMS + " parameters"));
        }
        params.forEach((name, value) -> {
            if (!PARAMETER.matcher(name).matches()) {
                errors.add(new FieldError("params." + name, "is not a parameter name"));
            } else if (value == null || value.isBlank() || value.length() > 200) {
                errors.add(new FieldError("params." + name, "must be 1 to 200 characters"));
            }
        });
        return errors;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
