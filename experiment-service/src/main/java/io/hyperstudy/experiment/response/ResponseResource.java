package io.hyperstudy.experiment.response;

import io.hyperstudy.experiment.pass.PassHolder;
import io.hyperstudy.model.pass.ParticipantPass;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A participant's responses. Callers: a participant pass (its own participant only); staff tokens 403. */
@Path("/api/participants/me/responses")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "participants")
public class ResponseResource {

    @Inject
    ResponseRecorder recorder;

    @Inject
    PassHolder holder;

    @POST
    @RolesAllowed(ParticipantPass.GROUP)
    @SecurityRequirement(name = "participant")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record responses for the room's current state; a response id already stored is answered "
            + "as a duplicate, never stored twice (participant pass)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = ResponseRecorder.Recorded.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public ResponseRecorder.Recorded record(ResponsesInput body) {
        return recorder.record(holder.pass(), body == null ? null : body.responses());
    }
}
