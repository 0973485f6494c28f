package io.hyperstudy.experiment.admission;

import io.hyperstudy.experiment.domain.Caller;
import io.hyperstudy.experiment.participant.ParticipantResource;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.model.api.Problem.FieldError;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Links staff hand to particular people: a link for a role participants may not pick themselves, and a
 * link that lets a participant who lost their browser resume. Callers: editors of the session's
 * experiment ({@code experimenter}, {@code admin}); no access to it: 404; viewers: 403.
 */
@Path("/api/sessions/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"experimenter", "admin"})
@Tag(name = "sessions")
@SecurityRequirement(name = "staff")
public class InvitationResource {

    @Inject
    Invitations invitations;

    @Inject
    SecurityIdentity identity;

    /** The body of {@code POST /api/sessions/{id}/role-links}. */
    public record RoleLinkInput(String role) {
    }

    public record RoleLink(String role, String joinPath) {
    }

    public record ResumeLink(String participantId, String resumePath) {
    }

    @POST
    @Path("/role-links")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A join link that gives one role, including a host role no plain link may ask for "
            + "(editor; role-balanced sessions)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RoleLink.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public RoleLink roleLink(@PathParam("id") String id, RoleLinkInput body) {
        if (body == null || body.role() == null || body.role().isBlank()) {
            throw RequestRefused.invalid("say which role", List.of(new FieldError("role", "is required")));
        }
        return new RoleLink(body.role(), invitations.roleLink(Caller.of(identity), id, body.role()));
    }

    @POST
    @Path("/participants/{participantId}/resume-link")
    @Operation(summary = "A new resume secret for a participant who lost their browser, as a link to hand them; "
            + "the old secret stops working (editor)")
    @APIResponse(responseCode = "200", description = "The new resume link",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ResumeLink.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response resumeLink(@PathParam("id") String id, @PathParam("participantId") String participantId) {
        return Response.ok(new ResumeLink(participantId, invitations.resumeLink(Caller.of(identity), id, participantId)))
                .cacheControl(ParticipantResource.noStore()).build();
    }

}
