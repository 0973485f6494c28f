package io.hyperstudy.experiment.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.experiment.definition.Component;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.Role;
import io.hyperstudy.experiment.definition.State;
import io.hyperstudy.experiment.session.Session;
import io.hyperstudy.model.live.LiveChannel;
import io.hyperstudy.model.live.LiveRoom;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live path of a room's decisions: the moment a decision commits, the room as it now is goes to Redis,
 * stored under the room's key if it is newer than what is there and published on {@link LiveChannel#CHANNEL},
 * where every sync-service pod hears it and passes it to the room's sockets. Kafka stays the durable log
 * (exports, media-service); this path does not wait for the outbox or the broker, so a room's sockets hear of
 * its next state within milliseconds, and while Kafka is down too. A failure here loses nothing that matters
 * for long: sync-service reads the room's key again on its next look, and the state's events still reach it
 * through Kafka.
 */
@ApplicationScoped
public class RoomBroadcast {
    private static final Logger LOG = Logger.getLogger(RoomBroadcast.class);
    /** How long a room's live state is kept after its last change: rooms run for hours, not days. */
    static final long KEEP_MS = 24 * 3600 * 1000L;
    private static final long WARN_EVERY_MS = 10_000;

    @Inject
    RedisDataSource redis;

    @Inject
    RoomPlans plans;

    @Inject
    ObjectMapper json;

    private final AtomicLong lastWarned = new AtomicLong();

    void onChange(@Observes RoomEngine.RoomChanged change) {
        try {
            LiveRoom live = live(change);
            String text = LiveChannel.encode(new LiveChannel.Message(live, null));
            redis.execute("EVAL", LiveChannel.SET_IF_NEWER, "1", LiveChannel.roomKey(live.roomId()),
                    String.valueOf(live.seq()), LiveChannel.encode(live), String.valueOf(KEEP_MS));
            redis.execute("PUBLISH", LiveChannel.CHANNEL, text);
        } catch (RuntimeException e) {
            long now = System.currentTimeMillis();
            long last = lastWarned.get();
            if (now - last > WARN_EVERY_MS && lastWarned.compareAndSet(last, now)) {
                LOG.warnf("room %s: live state not published (%s); sockets catch up from Kafka and the next change",
                        change.room().id(), e.toString());
            }
        }
    }

    /** The room as its sockets must see it now. */
    LiveRoom live(RoomEngine.RoomChanged change) {
        Room r = change.room();
        Session session = plans.session(r.sessionId());
        Definition definition = plans.definition(r.experimentId(), r.version());
        List<State> states = definition.statesOrEmpty();
        State state = r.stateIndex() >= 0 && r.stateIndex() < states.size() ? states.get(r.stateIndex()) : null;
        Map<String, LiveRoom.View> views = new LinkedHashMap<>();
        if (state != null) {
            for (Role role : definition.rolesOrEmpty()) {
                views.put(role.id(), view(state, role.id()));
            }
            views.put(LiveRoom.STAFF_VIEW, view(state, null));
        }
        Map<String, LiveRoom.Outcome> outcomes = new LinkedHashMap<>();
        change.step().outcomes().forEach((participant, outcome) -> outcomes.put(participant, new LiveRoom.Outcome(
                outcome.wireName(), session.settings().codeFor(outcome), session.settings().completionUrlFor(outcome))));
        List<LiveRoom.Member> members = r.members().stream().map(m -> new LiveRoom.Member(m.participantId(), m.role(),
                m.presence().name().toLowerCase())).toList();
        return new LiveRoom(r.id(), r.sessionId(), r.seq(), r.status().name().toLowerCase(), r.stateIndex(),
                states.size(), state == null ? null : state.id(), r.stateStartsAt(), r.deadline(), r.remainingMs(),
                List.copyOf(r.submitted()), members, outcomes, views, change.events(), change.decidedAt());
    }

    /** What {@code role} sees of the state; null: staff, who see all of it. */
    private LiveRoom.View view(State state, String role) {
        boolean forMe = role == null || state.rolesOrEmpty().isEmpty() || state.rolesOrEmpty().contains(role);
        List<JsonNode> components = new ArrayList<>();
        List<String> chats = new ArrayList<>();
        boolean submittable = false;
        if (forMe) {
            for (Component c : state.components()) {
                // a global is marked so that a client keeps it mounted while the next state has it too
                ObjectNode node = json.valueToTree(c);
                if (c != state.focus()) {
                    node.put("global", true);
                }
                components.add(node);
                submittable |= role != null && c.submittable();
                if (c instanceof Component.Chat chat && (role == null || chat.roles() == null || chat.roles().isEmpty()
                        || chat.roles().contains(role))) {
                    chats.add(chat.id());
                }
            }
        }
        return new LiveRoom.View(state.title(), forMe, components, submittable, chats);
    }

}
