package io.hyperstudy.media.api;

import io.hyperstudy.media.access.ExperimentAccess;
import io.hyperstudy.media.livekit.CallTokens;
import io.hyperstudy.model.pass.ParticipantPass;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Optional;

/**
 * LiveKit tokens for a room's call. Callers: a participant whose pass names this room and who is in it
 * now (experiment-service says; a pass for another room or session, or of someone who left: 403), who
 * may publish if their role may; staff who may see the room (experiment-service says; otherwise 404), as
 * hidden observers; admins as observers of any room.
 */
@Path("/api/media/rooms/{roomId}/token")
@RolesAllowed({"experimenter", "admin", ParticipantPass.GROUP})
@Tag(name = "calls")
@SecurityRequirement(name = "staff")
public class CallTokenResource {

    @Inject
    CallTokens tokens;

    @Inject
    ExperimentAccess access;

    @Inject
    SecurityIdentity identity;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A short-lived LiveKit token for this room's call (a participant in the room, or staff who may see it)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = CallTokens.CallToken.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public CallTokens.CallToken token(@PathParam("roomId") String roomId,
                                      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Optional<ParticipantPass> pass = access.pass(identity);
        if (pass.isPresent()) {
            if (!roomId.equals(pass.get().roomId())) {
                throw new ProblemException(403, "Forbidden", "this pass admits to another room, or to none");
            }
            if (!access.isInRoom(authorization, roomId)) {
                throw new ProblemException(403, "Forbidden", "the holder of this pass is no longer in the room");
            }
            return tokens.participant(roomId, pass.get().participantId(), pass.get().role(), pass.get().publishSources());
        }
        if (identity.hasRole("admin") || (identity.hasRole("experimenter") && access.canSeeRoom(authorization, roomId))) {
            return tokens.observer(roomId, identity.getPrincipal().getName());
        }
        if (identity.hasRole("experimenter")) {
            throw new ProblemException(404, "Not Found", "room " + roomId + " does not exist");
        }
        throw new ProblemException(403, "Forbidden", "a pass for this room, or staff access, is needed");
    }
}
