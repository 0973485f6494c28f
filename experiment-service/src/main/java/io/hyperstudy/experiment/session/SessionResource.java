package io.hyperstudy.experiment.session;

import io.hyperstudy.experiment.domain.Access;
import io.hyperstudy.experiment.domain.Caller;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.participant.ParticipantView;
import io.hyperstudy.experiment.room.RoomView;
import io.hyperstudy.experiment.room.RoomStore;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Sessions, for staff (roles {@code experimenter}, {@code admin}; others 403, no token 401). Rights
 * follow the session's experiment: its editors create and close sessions, its viewers read them; with
 * no access to the experiment the session answers 404.
 */
@Path("/api/sessions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"experimenter", "admin"})
@Tag(name = "sessions")
@SecurityRequirement(name = "staff")
public class SessionResource {
    static final int LIST_LIMIT = 1000;

    @Inject
    SessionService sessions;

    @Inject
    SessionStore store;

    @Inject
    RoomStore rooms;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a session of a published version (editor of the experiment)")
    @APIResponse(responseCode = "201", description = "Opened; Location names it",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response create(SessionInput body, UriInfo uri) {
        if (body == null) {
            throw RequestRefused.invalid("a JSON body is required", List.of());
        }
        Session s = sessions.create(caller(), body.experimentId(), body.version(), body.settings());
        return Response.created(uri.getAbsolutePathBuilder().path(s.id()).build()).entity(SessionView.of(s)).build();
    }

    @GET
    @Operation(summary = "The sessions of an experiment, newest first (viewer of the experiment)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = SessionView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public List<SessionView> list(@QueryParam("experimentId") String experimentId) {
        if (experimentId == null || experimentId.isBlank()) {
            throw RequestRefused.invalid("say which experiment", List.of(new FieldError("experimentId", "is required")));
        }
        return sessions.list(caller(), experimentId).stream().map(SessionView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One session with its link (viewer of the experiment)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public SessionView get(@PathParam("id") String id) {
        return SessionView.of(sessions.get(caller(), id, Access.VIEWER));
    }

    @POST
    @Path("/{id}/close")
    @Operation(summary = "Stop admitting new participants; running rooms go on (editor of the experiment)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SessionView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public SessionView close(@PathParam("id") String id) {
        return SessionView.of(sessions.close(caller(), id));
    }

    @GET
    @Path("/{id}/participants")
    @Operation(summary = "The session's participants, in arrival order (viewer of the experiment)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ParticipantView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public List<ParticipantView> participants(@PathParam("id") String id) {
        sessions.get(caller(), id, Access.VIEWER);
        return store.listParticipants(id, LIST_LIMIT).stream().map(ParticipantView::of).toList();
    }

    @GET
    @Path("/{id}/rooms")
    @Operation(summary = "The session's rooms, oldest first (viewer of the experiment)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = RoomView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public List<RoomView> rooms(@PathParam("id") String id) {
        Session s = sessions.get(caller(), id, Access.VIEWER);
        Access access = sessions.accessOnExperiment(caller(), s);
        return rooms.listForSession(id, LIST_LIMIT).stream().map(r -> RoomView.of(r, access)).toList();
    }

    private Caller caller() {
        return Caller.of(identity);
    }
}
