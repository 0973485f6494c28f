package io.hyperstudy.experiment.admission;

import io.hyperstudy.experiment.participant.ParticipantResource;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.model.api.Problem.FieldError;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Redeeming a session link. Callers: anyone holding the link (its key is the credential). */
@Path("/api/participants/redeem")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "participants")
public class AdmissionResource {

    @Inject
    Admission admission;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeem a session link for a participant pass (anyone holding the link; a returning "
            + "participant also brings their resume secret)")
    @APIResponse(responseCode = "200",
            description = "A pass, where the participant stands, and (on the first redeem) the resume secret",
            content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "403", ref = "Forbidden")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response redeem(RedeemInput body) {
        if (body == null || body.sessionId() == null || body.sessionId().isBlank()) {
            throw RequestRefused.invalid("the link is incomplete", List.of(new FieldError("sessionId", "is required")));
        }
        Admission.Admitted admitted = admission.redeem(body);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pass", ParticipantResource.view(admitted.pass()));
        answer.put("status", admitted.status());
        if (admitted.resume() != null) {
            answer.put("resume", admitted.resume());
        }
        return Response.ok(answer).cacheControl(ParticipantResource.noStore()).build();
    }
}
