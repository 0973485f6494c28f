package io.hyperstudy.experiment.participant;

import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.experiment.pass.Pass;
import io.hyperstudy.experiment.pass.PassClaims;
import io.hyperstudy.experiment.pass.PassIssuer;
import io.hyperstudy.experiment.pass.PassKeys;
import io.hyperstudy.experiment.platform.RequestRefused;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/**
 * The participant API. {@code redeem} and {@code jwks} are public (a link's key is the credential);
 * everything under {@code /me} needs a participant pass, which names the session and participant, so a
 * pass can only ever act for its own participant. Staff tokens are refused here (403).
 */
@Path("/api/participants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "participants")
public class ParticipantResource {

    @Inject
    ParticipantService participants;

    @Inject
    PassKeys keys;

    @Inject
    JsonWebToken jwt;

    @Inject
    ExperimentServiceConfig config;

    @POST
    @Path("/redeem")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeem a session link for a participant pass (anyone holding the link)")
    public Response redeem(RedeemInput body) {
        if (body == null || body.sessionId() == null || body.sessionId().isBlank()) {
            throw RequestRefused.invalid("the link is incomplete", List.of(
                    new io.hyperstudy.model.api.Problem.FieldError("sessionId", "is required")));
        }
        var redeemed = participants.redeem(body.sessionId(), body.key(), body.params());
        return Response.ok(Map.of("pass", view(redeemed.pass()), "status", redeemed.status()))
                .cacheControl(noStore()).build();
    }

    @GET
    @Path("/jwks")
    @PermitAll
    @Operation(summary = "The public keys that verify participant passes (anyone)")
    public Response jwks() {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(keys.jwks()).cacheControl(cache).build();
    }

    @GET
    @Path("/me")
    @RolesAllowed(PassIssuer.ROLE)
    @SecurityRequirement(name = "participant")
    @Operation(summary = "Where the pass holder stands (participant pass)")
    public ParticipantStatus me() {
        return participants.status(claims());
    }

    @POST
    @Path("/me/heartbeat")
    @RolesAllowed(PassIssuer.ROLE)
    @SecurityRequirement(name = "participant")
    @Operation(summary = "Keep the pass holder's place, every few seconds; answers where they stand (participant pass)")
    public ParticipantStatus heartbeat() {
        return participants.heartbeat(claims());
    }

    @POST
    @Path("/me/pass")
    @RolesAllowed(PassIssuer.ROLE)
    @SecurityRequirement(name = "participant")
    @Operation(summary = "Renew the pass before it expires (participant pass)")
    public Response renew() {
        return Response.ok(view(participants.renew(claims()))).cacheControl(noStore()).build();
    }

    @POST
    @Path("/me/responses")
    @RolesAllowed(PassIssuer.ROLE)
    @SecurityRequirement(name = "participant")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record responses; a response id already stored is not stored again (participant pass)")
    public Map<String, Integer> responses(ResponsesInput body) {
        var recorded = participants.record(claims(), body == null ? null : body.responses());
        return Map.of("accepted", recorded.accepted(), "duplicates", recorded.duplicates());
    }

    @POST
    @Path("/me/leave")
    @RolesAllowed(PassIssuer.ROLE)
    @SecurityRequirement(name = "participant")
    @Operation(summary = "The tab is closing: count the holder as gone now; they may come back (participant pass)")
    public Response leave() {
        participants.leave(claims());
        return Response.noContent().build();
    }

    @POST
    @Path("/me/withdraw")
    @RolesAllowed(PassIssuer.ROLE)
    @SecurityRequirement(name = "participant")
    @Operation(summary = "Withdraw consent: the holder's part ends for good (participant pass)")
    public ParticipantStatus withdraw() {
        return participants.withdraw(claims());
    }

    private PassClaims claims() {
        if (!config.pass().issuer().equals(jwt.getIssuer())) {
            throw RequestRefused.forbidden("this needs a participant pass");
        }
        return PassClaims.of(jwt);
    }

    private static Map<String, Object> view(Pass pass) {
        return Map.of("token", pass.token(), "expiresAt", pass.expiresAt().toString());
    }

    private static CacheControl noStore() {
        CacheControl c = new CacheControl();
        c.setNoStore(true);
        return c;
    }
}
