package io.hyperstudy.experiment.response;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.hyperstudy.experiment.definition.Component;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.State;
import io.hyperstudy.experiment.participant.Participant;
import io.hyperstudy.experiment.participant.ParticipantStatuses;
import io.hyperstudy.experiment.platform.Events;
import io.hyperstudy.experiment.platform.KeyedLocks;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.room.Room;
import io.hyperstudy.experiment.room.RoomEngine;
import io.hyperstudy.experiment.room.RoomPlans;
import io.hyperstudy.experiment.room.RoomStep;
import io.hyperstudy.experiment.room.RoomStore;
import io.hyperstudy.experiment.session.Outcome;
import io.hyperstudy.experiment.session.Session;
import io.hyperstudy.model.api.Problem.FieldError;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.DomainEvent;
import io.hyperstudy.model.live.LiveChat;
import io.hyperstudy.model.events.ResponseRecorded;
import io.hyperstudy.model.pass.ParticipantPass;
import io.hyperstudy.experiment.store.FirestoreCalls;
import io.hyperstudy.experiment.store.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Records a participant's responses, once each, and lets the room move on when they complete its state.
 * A response is taken only for the room's current state, and only for a state and component the
 * participant's role is in; a response already stored is always answered as a duplicate, even after the
 * room moved on, so a client that retries can tell its answer was kept.
 */
@ApplicationScoped
public class ResponseRecorder {
    static final int MAX_BATCH = 100;
    /** Staff messages are stored under this prefix and their subject, apart from participants'. */
    public static final String STAFF_PREFIX = "staff:";
    static final String STAFF_ROLE = "staff";
    static final Pattern RESPONSE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    @Inject
    ParticipantStatuses participants;

    @Inject
    RoomStore rooms;

    @Inject
    RoomPlans plans;

    @Inject
    RoomEngine engine;

    @Inject
    ResponseStore responses;

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

    @Inject
    ChatBroadcast chat;

    /** What a batch of responses did: how many were new, how many repeats of stored ones. */
    public record Recorded(int accepted, int duplicates) {
    }

    private record Resolved(ResponseInput input, int stateIndex, String type) {
    }

    private record Written(int added, RoomStep step, List<CloudEvent> envelopes, List<LiveChat> chats) {
    }

    public Recorded record(ParticipantPass pass, List<ResponseInput> batch) {
        if (batch == null || batch.isEmpty()) {
            throw RequestRefused.invalid("no responses", List.of(new FieldError("responses", "needs at least one")));
        }
        if (batch.size() > MAX_BATCH) {
            throw RequestRefused.invalid("too many responses at once", List.of(new FieldError("responses",
                    "must have at most " + MAX_BATCH + " responses; send the rest in another request")));
        }
        List<FieldError> shape = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ResponseInput r = batch.get(i);
            if (r == null) {
                shape.add(new FieldError("responses[" + i + "]", "must not be null"));
            } else if (r.id() == null || !RESPONSE_ID.matcher(r.id()).matches()) {
                shape.add(new FieldError("responses[" + i + "].id",
                        "is required: 1 to 64 letters, digits, '-' or '_', made by the client"));
            }
        }
        if (!shape.isEmpty()) {
            throw RequestRefused.invalid("some responses are invalid; none were stored", shape);
        }
        Participant p = participants.participant(pass);
        Set<String> stored = stored(p, batch.stream().map(ResponseInput::id).toList());
        List<ResponseInput> fresh = batch.stream().filter(r -> !stored.contains(r.id())).toList();
        if (fresh.isEmpty()) {
            return new Recorded(0, batch.size());
        }
        if (p.status() != Participant.Status.IN_ROOM) {
            throw RequestRefused.conflict("responses are taken in a room; this participant is "
                    + p.status().name().toLowerCase().replace('_', ' '));
        }
        Session session = plans.session(p.sessionId());
        Definition definition = plans.definition(session.experimentId(), session.version());
        Room before = rooms.find(p.roomId()).orElseThrow(() -> RequestRefused.notFound("room " + p.roomId()));
        List<Resolved> resolved = resolve(definition, before, p.role(), batch, stored);
        long serverTime = clock.millis();
        Written written = locks.with("room:" + p.roomId(), () -> calls.await(firestore.runTransaction(tx -> {
            Room room = rooms.room(tx.get(rooms.doc(p.roomId())).get());
            if (room.stateIndex() != before.stateIndex()) {
                // the room moved on while the batch was checked: it is for a state that is over now
                throw RequestRefused.conflict("the room moved on to another state; none were stored");
            }
            DocumentReference[] refs = resolved.stream()
                    .map(r -> responses.doc(p.sessionId(), p.id(), r.input().id())).toArray(DocumentReference[]::new);
            List<DocumentSnapshot> existing = tx.getAll(refs).get();
            var machine = plans.machine(room.sessionId());
            RoomStep step = null;
            Room current = room;
            LinkedHashSet<String> components = new LinkedHashSet<>();
            String stateId = null;
            int added = 0;
            List<LiveChat> chats = new ArrayList<>();
            for (int i = 0; i < resolved.size(); i++) {
                if (existing.get(i).exists()) {
                    continue;
                }
                Resolved r = resolved.get(i);
                tx.create(refs[i], ResponseStore.document(
                        new StoredResponse(session.experimentId(), p.sessionId(), p.roomId(), p.id(), p.role(),
                                r.stateIndex(), r.input().stateId(), r.input().componentId(), r.type(),
                                r.input().id(), r.input().value() == null ? "null" : r.input().value().toString(),
                                r.input().clientTime(), serverTime)));
                added++;
                if (r.type().equals("chat")) {
                    chats.add(new LiveChat(p.roomId(), r.input().componentId(), r.input().id(), p.id(), p.role(),
                            ResponseValidator.chatText(r.input().value()), serverTime));
                }
                components.add(r.input().componentId());
                stateId = r.input().stateId();
                RoomStep s = machine.submit(current, p.id(), r.stateIndex(), r.input().componentId(), clock.millis());
                if (s.changed()) {
                    step = step == null ? s : merge(step, s);
                    current = s.room();
                }
            }
            if (added > 0) {
                outbox.add(tx, Events.of(new ResponseRecorded(p.roomId(), p.sessionId(), p.id(), stateId,
                        List.copyOf(components), added), clock.instant()));
            }
            List<CloudEvent> envelopes = step != null ? engine.write(tx, step) : List.of();
            return new Written(added, step, envelopes, chats);
        })));
        written.chats().forEach(chat::published);
        if (written.step() != null) {
            engine.written(written.step(), written.envelopes());
        }
        return new Recorded(written.added(), batch.size() - written.added());
    }

    /**
     * A staff member's chat message in a room's current state, stored once by its client-made id (a retry is a
     * duplicate: 0 accepted) under the sender {@code staff:<subject>}, and delivered live like a participant's.
     */
    public Recorded staffChat(Room room, String staffId, StaffChatInput input) {
        List<FieldError> errors = new ArrayList<>();
        if (input == null) {
            throw RequestRefused.invalid("no message", List.of(new FieldError("body", "must be a chat message")));
        }
        if (input.id() == null || !RESPONSE_ID.matcher(input.id()).matches()) {
            errors.add(new FieldError("id", "is required: 1 to 64 letters, digits, '-' or '_', made by the client"));
        }
        Definition definition = plans.definition(room.experimentId(), room.version());
        List<State> states = definition.statesOrEmpty();
        State state = room.stateIndex() >= 0 && room.stateIndex() < states.size() ? states.get(room.stateIndex()) : null;
        Optional<Component> component = state == null ? Optional.empty() : state.components().stream()
                .filter(c -> c instanceof Component.Chat && c.id().equals(input.componentId())).findFirst();
        if (component.isEmpty()) {
            errors.add(new FieldError("componentId", "names no chat of the room's current state"));
        } else {
            errors.addAll(ResponseValidator.check(component.get(), input.text() == null ? null
                    : com.fasterxml.jackson.databind.node.TextNode.valueOf(input.text()), "text"));
        }
        if (!errors.isEmpty()) {
            throw RequestRefused.invalid("the message is invalid; it was not stored", errors);
        }
        String sender = STAFF_PREFIX + staffId;
        long serverTime = clock.millis();
        DocumentReference ref = responses.doc(room.sessionId(), sender, input.id());
        boolean added = locks.with("room:" + room.id(), () -> calls.await(firestore.runTransaction(tx -> {
            Room current = rooms.room(tx.get(rooms.doc(room.id())).get());
            if (current.stateIndex() != room.stateIndex()) {
                throw RequestRefused.conflict("the room moved on to another state; the message was not stored");
            }
            if (tx.get(ref).get().exists()) {
                return false;
            }
            tx.create(ref, ResponseStore.document(new StoredResponse(room.experimentId(), room.sessionId(), room.id(),
                    sender, STAFF_ROLE, room.stateIndex(), state.id(), input.componentId(), "chat", input.id(),
                    json(input.text()), null, serverTime)));
            return true;
        })));
        if (added) {
            chat.published(new LiveChat(room.id(), input.componentId(), input.id(), sender, STAFF_ROLE, input.text(),
                    serverTime));
        }
        return new Recorded(added ? 1 : 0, added ? 0 : 1);
    }

    private static String json(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }

    /** The ids of this batch that are stored already. */
    private Set<String> stored(Participant p, List<String> ids) {
        DocumentReference[] refs = ids.stream().map(id -> responses.doc(p.sessionId(), p.id(), id))
                .toArray(DocumentReference[]::new);
        Set<String> found = new HashSet<>();
        List<DocumentSnapshot> docs = calls.await(firestore.getAll(refs));
        for (int i = 0; i < docs.size(); i++) {
            if (docs.get(i).exists()) {
                // getAll answers in the order of the references it was given
                found.add(ids.get(i));
            }
        }
        return found;
    }

    /**
     * Checks each new response against the room and the participant's role. A response for another state
     * than the room's current one is 409, one for a state or component the role is not in is 403, one that
     * does not fit its component 400; the batch is refused with the worst of these, naming every field.
     */
    private static List<Resolved> resolve(Definition definition, Room room, String role, List<ResponseInput> batch,
                                          Set<String> stored) {
        List<FieldError> errors = new ArrayList<>();
        int status = 400;
        List<Resolved> resolved = new ArrayList<>();
        List<State> states = definition.statesOrEmpty();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            ResponseInput r = batch.get(i);
            if (stored.contains(r.id()) || !seen.add(r.id())) {
                // stored already, or repeated within the batch: it is stored once
                continue;
            }
            String at = "responses[" + i + "]";
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
            if (index != room.stateIndex()) {
                errors.add(new FieldError(at + ".stateId", index < room.stateIndex()
                        ? "is a state that is over; the room is in a later state"
                        : "is a state the room has not reached"));
                status = Math.max(status, 409);
                continue;
            }
            State state = states.get(index);
            if (!state.rolesOrEmpty().isEmpty() && !state.rolesOrEmpty().contains(role)) {
                errors.add(new FieldError(at + ".stateId", "is not a state for the " + role + " role"));
                status = 403;
                continue;
            }
            Optional<Component> component = state.components().stream()
                    .filter(c -> c.id().equals(r.componentId())).findFirst();
            if (component.isEmpty()) {
                errors.add(new FieldError(at + ".componentId", "names no component of state " + state.id()));
                continue;
            }
            if (component.get() instanceof Component.Chat chat && chat.roles() != null && !chat.roles().isEmpty()
                    && !chat.roles().contains(role)) {
                errors.add(new FieldError(at + ".componentId", "is a chat the " + role + " role may not write in"));
                status = 403;
                continue;
            }
            errors.addAll(ResponseValidator.check(component.get(), r.value(), at + ".value"));
            resolved.add(new Resolved(r, index, component.get().getClass().getSimpleName().toLowerCase()));
        }
        if (!errors.isEmpty()) {
            throw RequestRefused.withErrors(status, switch (status) {
                case 403 -> "some responses are for a state or component this participant's role is not in; none were stored";
                case 409 -> "some responses are not for the room's current state; none were stored";
                default -> "some responses are invalid; none were stored";
            }, errors);
        }
        return resolved;
    }

    private static RoomStep merge(RoomStep first, RoomStep then) {
        List<DomainEvent> events = new ArrayList<>(first.events());
        events.addAll(then.events());
        Map<String, Outcome> outcomes = new LinkedHashMap<>(first.outcomes());
        outcomes.putAll(then.outcomes());
        return new RoomStep(then.room(), events, outcomes, true);
    }
}
