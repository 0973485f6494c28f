package io.hyperstudy.experiment.participant;

import io.hyperstudy.experiment.pass.Pass;
import io.hyperstudy.experiment.pass.PassHolder;
import io.hyperstudy.experiment.pass.PassKeys;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.model.api.Problem.FieldError;
import io.hyperstudy.model.pass.ParticipantPass;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/**
 * The participant API. {@code jwks} is public; everything under {@code /me} needs a participant pass,
 * which names the session and participant, so a pass can only ever act for its own participant. Staff
 * tokens are refused here (403). Redeeming a link is {@code AdmissionResource}'s; responses are
 * {@code ResponseResource}'s.
 */
@Path("/api/participants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "participants")
public class ParticipantResource {

    @Inject
    ParticipantStatuses participants;

    @Inject
    PassKeys keys;

    @Inject
    PassHolder holder;

    @GET
    @Path("/jwks")
    @PermitAll
    @Operation(summary = "The public keys that verify participant passes (anyone)")
    @APIResponse(responseCode = "200", description = "The JSON Web Key Set",
            content = @Content(mediaType = "application/json"))
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(keys.jwks()).cacheControl(cache).build();
    }

    @GET
    @Path("/me")
    @RolesAllowed(ParticipantPass.GROUP)
    @SecurityRequirement(name = "participant")
    @Operation(summary = "Where the pass holder stands (participant pass)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = ParticipantStatus.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public ParticipantStatus me() {
        return participants.status(holder.pass());
    }

    @POST
    @Path("/me/heartbeat")
    @RolesAllowed(ParticipantPass.GROUP)
    @SecurityRequirement(name = "participant")
    @Operation(summary = "Keep the pass holder's place, every few seconds; answers where they stand (participant pass)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = ParticipantStatus.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public ParticipantStatus heartbeat() {
        return participants.heartbeat(holder.pass());
    }

    @POST
    @Path("/me/pass")
    @RolesAllowed(ParticipantPass.GROUP)
    @SecurityRequirement(name = "participant")
    @Operation(summary = "Renew the pass before it expires; it names a room only while the holder is in it "
            + "(participant pass)")
    @APIResponse(responseCode = "200", description = "A fresh pass",
            content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response renew() {
        return Response.ok(view(participants.renew(holder.pass()))).cacheControl(noStore()).build();
    }

    @POST
    @Path("/me/leave")
    @RolesAllowed(ParticipantPass.GROUP)
    @SecurityRequirement(name = "participant")
    @Operation(summary = "The tab is closing: count the holder as gone now; they may come back (participant pass)")
    @APIResponse(responseCode = "204", description = "Counted as gone")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response leave() {
        participants.leave(holder.pass());
        return Response.noContent().build();
    }

    @POST
    @Path("/me/consent")
    @RolesAllowed(ParticipantPass.GROUP)
    @SecurityRequirement(name = "participant")
    @Operation(summary = "Answer the experiment's consent form: accept to join the line, decline to end with the "
            + "noConsent outcome; a repeated answer changes nothing (participant pass)")
    @APIResponse(responseCode = "200", description = "Where the holder stands now",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = ParticipantStatus.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public ParticipantStatus consent(ConsentInput input) {
        if (input == null || input.accepted() == null) {
            throw RequestRefused.invalid("the answer is missing",
                    List.of(new FieldError("accepted", "is required: true to accept, false to decline")));
        }
        return participants.consent(holder.pass(), input.accepted());
    }

    @POST
    @Path("/me/withdraw")
    @RolesAllowed(ParticipantPass.GROUP)
    @SecurityRequirement(name = "participant")
    @Operation(summary = "Withdraw consent: the holder's part ends for good (participant pass)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = ParticipantStatus.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public ParticipantStatus withdraw() {
        return participants.withdraw(holder.pass());
    }

    public static Map<String, Object> view(Pass pass) {
        return Map.of("token", pass.token(), "expiresAt", pass.expiresAt().toString());
    }

    public static CacheControl noStore() {
        CacheControl c = new CacheControl();
        c.setNoStore(true);
        return c;
    }
}
