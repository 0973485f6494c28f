package io.hyperstudy.experiment.room;

import io.hyperstudy.experiment.domain.Access;
import io.hyperstudy.experiment.domain.Caller;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.response.ResponseRecorder;
import io.hyperstudy.experiment.response.StaffChatInput;
import io.hyperstudy.experiment.session.SessionService;
import io.hyperstudy.model.api.Problem.FieldError;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A room and the experimenter's controls over it, for staff. Viewers of the experiment read rooms;
 * editors pause, resume, skip and end them, and write in their chats. No access to the experiment: 404.
 */
@Path("/api/rooms/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"experimenter", "admin"})
@Tag(name = "rooms")
@SecurityRequirement(name = "staff")
public class RoomResource {

    @Inject
    RoomStore rooms;

    @Inject
    RoomEngine engine;

    @Inject
    RoomPlans plans;

    @Inject
    SessionService sessions;

    @Inject
    ResponseRecorder recorder;

    @Inject
    SecurityIdentity identity;

    @Inject
    Clock clock;

    /** The body of {@code POST /api/rooms/{id}/skip}: a state id or index. */
    public record SkipInput(String stateId, Integer stateIndex) {
    }

    @GET
    @Operation(summary = "One room: members, current state, deadlines, and the caller's access to its experiment "
            + "(viewer of the experiment)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RoomView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public RoomView get(@PathParam("id") String id) {
        Room room = require(id, Access.VIEWER);
        return RoomView.of(room, sessions.accessOnExperiment(Caller.of(identity), plans.session(room.sessionId())));
    }

    @POST
    @Path("/pause")
    @Operation(summary = "Hold the room; its timer stops (editor)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RoomView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public RoomView pause(@PathParam("id") String id) {
        return control(id, (m, r) -> m.pause(r, clock.millis()));
    }

    @POST
    @Path("/resume")
    @Operation(summary = "Let a held room go on with the time it had left (editor)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RoomView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public RoomView resume(@PathParam("id") String id) {
        return control(id, (m, r) -> m.resume(r, clock.millis()));
    }

    @POST
    @Path("/skip")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move the room to a state, forward or back (editor)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RoomView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public RoomView skip(@PathParam("id") String id, SkipInput body) {
        Room room = require(id, Access.EDITOR);
        var states = plans.definition(room.experimentId(), room.version()).statesOrEmpty();
        int index = -1;
        if (body != null && body.stateId() != null) {
            for (int i = 0; i < states.size(); i++) {
                if (states.get(i).id().equals(body.stateId())) {
                    index = i;
                }
            }
        } else if (body != null && body.stateIndex() != null) {
            index = body.stateIndex();
        }
        if (index < 0 || index >= states.size()) {
            throw RequestRefused.invalid("no such state", List.of(new FieldError(
                    body != null && body.stateId() != null ? "stateId" : "stateIndex",
                    "must name one of the experiment's " + states.size() + " states")));
        }
        int target = index;
        String actor = identity.getPrincipal().getName();
        return RoomView.of(engine.apply(id, (m, r) -> m.skip(r, target, clock.millis()).by(actor)).room(), null);
    }

    @POST
    @Path("/end")
    @Operation(summary = "End the room now; its participants get the ended outcome (editor)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RoomView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public RoomView end(@PathParam("id") String id) {
        return control(id, (m, r) -> m.end(r, clock.millis()));
    }

    @POST
    @Path("/chat")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Write in a chat of the room's current state, as staff; every member of the room gets it on "
            + "their socket, and a retry with the same id is stored once (editor)")
    @APIResponse(responseCode = "200", description = "Stored (accepted 1) or stored before (duplicates 1)",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = ResponseRecorder.Recorded.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public ResponseRecorder.Recorded chat(@PathParam("id") String id, StaffChatInput body) {
        Room room = require(id, Access.EDITOR);
        return recorder.staffChat(room, identity.getPrincipal().getName(), body);
    }

    /** A staff member's decision about a room, recorded as theirs. */
    private RoomView control(String id, BiFunction<RoomMachine, Room, RoomStep> decide) {
        require(id, Access.EDITOR);
        String actor = identity.getPrincipal().getName();
        return RoomView.of(engine.apply(id, (m, r) -> decide.apply(m, r).by(actor)).room(), null);
    }

    private Room require(String id, Access needed) {
        Room room = rooms.find(id).orElseThrow(() -> RequestRefused.notFound("room " + id));
        Caller caller = Caller.of(identity);
        try {
            sessions.requireOnExperiment(caller, plans.session(room.sessionId()), needed);
        } catch (RequestRefused e) {
            if (e.status() == 404) {
                throw RequestRefused.notFound("room " + id);
            }
            throw e;
        }
        return room;
    }
}
