package io.hyperstudy.media.api;

import io.hyperstudy.media.access.ExperimentAccess;
import io.hyperstudy.media.livekit.CallTokens;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * LiveKit tokens for a room's call. Callers: a participant whose pass names this room (a pass for
 * another room or session: 403), who may publish if their role may; staff who may see the room
 * (experiment-service says; otherwise 404), as hidden observers; admins as observers of any room.
 */
@Path("/api/media/rooms/{roomId}/token")
@RolesAllowed({"experimenter", "admin", "participant"})
@Tag(name = "calls")
@SecurityRequirement(name = "staff")
public class CallTokenResource {
    static final String ROOM = "hs_room";
    static final String ROLE = "hs_role";
    static final String PUBLISH = "hs_publish";

    @Inject
    CallTokens tokens;

    @Inject
    ExperimentAccess access;

    @Inject
    SecurityIdentity identity;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A short-lived LiveKit token for this room's call (participant of the room, or staff who may see it)")
    public CallTokens.CallToken token(@PathParam("roomId") String roomId,
                                      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (identity.hasRole("participant") && identity.getPrincipal() instanceof JsonWebToken pass
                && pass.getClaim(ROOM) != null) {
            if (!roomId.equals(pass.getClaim(ROOM))) {
                throw new ProblemException(403, "Forbidden", "this pass admits to another room");
            }
            List<String> sources = new ArrayList<>();
            if (pass.getClaim(PUBLISH) instanceof Collection<?> claimed) {
                for (Object o : claimed) {
                    sources.add(o instanceof JsonString text ? text.getString() : o.toString());
                }
            }
            return tokens.participant(roomId, pass.getSubject(), pass.getClaim(ROLE), sources);
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
