package io.hyperstudy.model.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.hyperstudy.model.events.CloudEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * A room as it is now, the moment experiment-service committed a decision about it: the live path to the
 * room's sockets (published on Redis, {@link LiveChannel}). {@code seq} is the room's change count, so a
 * receiver keeps the latest and can tell when it missed one. {@code views} is what each experiment role sees
 * of the current state ({@link #STAFF_VIEW} for staff): its title, whether it is for that role, the components
 * to render, and whether there is something to submit. {@code outcomes} says how it ended for each
 * participant whose part is over, with their completion code and URL. {@code events} are the decision's
 * domain events (state entered, held, resumed; participant left; room ended), the same CloudEvents the
 * durable log carries, so a receiver applies each once whichever path brings it first. {@code decidedAt} is
 * the server time of the decision (latency is measured from it).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveRoom(String roomId, String sessionId, long seq, String status, int stateIndex, int stateCount,
                       String stateId, long startsAt, Long endsAt, Long remainingMs, List<String> submitted,
                       List<Member> members, Map<String, Outcome> outcomes, Map<String, View> views,
                       List<CloudEvent> events, long decidedAt) {
    /** The key of the view staff see: the whole state. */
    public static final String STAFF_VIEW = "*";

    public LiveRoom {
        submitted = submitted == null ? List.of() : List.copyOf(submitted);
        members = members == null ? List.of() : List.copyOf(members);
        outcomes = outcomes == null ? Map.of() : Map.copyOf(outcomes);
        views = views == null ? Map.of() : Map.copyOf(views);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** A member of the room: {@code presence} is present, absent, dropped or withdrawn. */
    @RegisterForReflection
    public record Member(String participantId, String role, String presence) {
    }

    /** How a participant's part ended. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(String outcome, String code, String completionUrl) {
    }

    /**
     * What one role sees of the current state. {@code components} are the definition's components, as the
     * participant app renders them; {@code chats} the ids of the chat components this role may write in.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(String title, boolean forMe, List<JsonNode> components, boolean submittable,
                       List<String> chats) {
        public View {
            components = components == null ? List.of() : List.copyOf(components);
            chats = chats == null ? List.of() : List.copyOf(chats);
        }
    }

    public boolean ended() {
        return "ended".equals(status);
    }
}
