package io.hyperstudy.media.api;

import io.hyperstudy.media.access.ExperimentAccess;
import io.hyperstudy.media.recordings.Recording;
import io.hyperstudy.media.recordings.RecordingCatalogue;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The recordings catalogue. Callers: staff who may see the session (experiment-service's answer: its
 * owner and those it is shared with) and admins. Participants: 403, also for their own room; no token: 401.
 * A recording the caller may not see is answered 404, as if it did not exist.
 */
@Path("/api/recordings")
@RolesAllowed({"experimenter", "admin"})
@Tag(name = "recordings")
@SecurityRequirement(name = "staff")
@Produces(MediaType.APPLICATION_JSON)
public class RecordingResource {

    @Inject
    RecordingCatalogue catalogue;

    @Inject
    ExperimentAccess access;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(summary = "A session's recordings, oldest first, each with its offset on the room's server-time line")
    public List<Recording> list(@QueryParam("sessionId") String sessionId,
                                @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (sessionId == null || sessionId.isBlank()) {
            throw new ProblemException(400, "Bad Request", "sessionId is required");
        }
        if (!identity.hasRole("admin") && !access.canSeeSession(authorization, sessionId)) {
            throw new ProblemException(404, "Not Found", "session " + sessionId + " does not exist");
        }
        return catalogue.ofSession(sessionId);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One recording")
    public Recording get(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!id.matches("[A-Za-z0-9_:.-]{1,300}")) {
            throw new ProblemException(404, "Not Found", "recording " + id + " does not exist");
        }
        return catalogue.get(id)
                .filter(r -> identity.hasRole("admin") || access.canSeeSession(authorization, r.sessionId()))
                .orElseThrow(() -> new ProblemException(404, "Not Found", "recording " + id + " does not exist"));
    }
}
