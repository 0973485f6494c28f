package io.hyperstudy.media.api;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import io.hyperstudy.media.access.DownloadLinks;
import io.hyperstudy.media.access.ExperimentAccess;
import io.hyperstudy.media.assets.CloudObjects;
import io.hyperstudy.media.livekit.LiveKitConfig;
import io.hyperstudy.media.recordings.Recording;
import io.hyperstudy.media.recordings.RecordingCatalogue;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recordings catalogue. Callers: staff who may see the session (experiment-service's answer: its
 * owner and those it is shared with) and admins. Participants: 403, also for their own room; no token: 401.
 * A recording the caller may not see is answered 404, as if it did not exist. A finished recording's files
 * are served by byte range when LiveKit's egress uploads them to the platform's bucket.
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

    @Inject
    LiveKitConfig liveKit;

    @Inject
    Instance<Storage> storage;

    @Inject
    DownloadLinks links;

    @GET
    @Operation(summary = "A session's recordings, oldest first, each with its offset on the room's server-time line")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Recording.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
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
    @Path("/{id}/files/{index}/content")
    @Produces(MediaType.WILDCARD)
    @PermitAll
    @Operation(summary = "A finished recording's file, by byte range (when egress uploads to the platform's bucket); "
            + "staff who may see it, or anyone with a signed link to it")
    @APIResponse(responseCode = "200", description = "The file's bytes (206 for a range)",
            content = @Content(mediaType = "application/octet-stream"))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "416", ref = "RangeNotSatisfiable")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response file(@PathParam("id") String id, @PathParam("index") int index,
                         @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                         @HeaderParam("Range") String range, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                         @HeaderParam("If-Range") String ifRange, @QueryParam("expires") String expires,
                         @QueryParam("signature") String signature) {
        Recording r;
        if (signature == null) {
            requireStaff();
            r = get(id, authorization);
        } else if (links.valid(filePath(id, index), expires, signature)) {
            r = find(id).orElseThrow(() -> new ProblemException(404, "Not Found", "recording " + id + " does not exist"));
        } else {
            throw new ProblemException(403, "Forbidden", "the link is not valid for this file, or has expired");
        }
        if (!r.status().terminal() || index < 0 || index >= r.files().size()) {
            throw new ProblemException(404, "Not Found", "recording " + id + " has no finished file " + index);
        }
        String bucket = liveKit.recordingBucket().orElseThrow(() -> new ProblemException(404, "Not Found",
                "recordings are kept in LiveKit egress's own storage on this platform, not served here"));
        BlobId object = BlobId.of(bucket, r.files().get(index).filename());
        Blob blob;
        try {
            blob = storage.get().get(object);
        } catch (StorageException e) {
            throw CloudObjects.unavailable(e);
        }
        if (blob == null) {
            throw new ProblemException(404, "Not Found", "the file of recording " + id + " is not in the bucket");
        }
        String name = r.files().get(index).filename();
        return new RangedContent("\"" + blob.getGeneration() + "\"", blob.getSize(),
                blob.getContentType() == null ? "video/mp4" : blob.getContentType(),
                Instant.ofEpochMilli(r.endedAtServerTime() == null ? r.requestedAt() : r.endedAtServerTime()),
                name.substring(name.lastIndexOf('/') + 1),
                (from, length) -> CloudObjects.read(storage.get(), object, from, length))
                .serve(range, ifNoneMatch, ifRange);
    }

    @POST
    @Path("/{id}/files/{index}/link")
    @Operation(summary = "A signed, expiring link to a finished recording's file, for a <video> that cannot send a token")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Map<String, Object> link(@PathParam("id") String id, @PathParam("index") int index,
                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Recording r = get(id, authorization);
        if (!r.status().terminal() || index < 0 || index >= r.files().size()) {
            throw new ProblemException(404, "Not Found", "recording " + id + " has no finished file " + index);
        }
        DownloadLinks.Link link = links.sign(filePath(id, index));
        return Map.of("url", link.path(), "expiresAt", Instant.ofEpochSecond(link.expires()).toString());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One recording")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Recording.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Recording get(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return find(id).filter(r -> identity.hasRole("admin") || access.canSeeSession(authorization, r.sessionId()))
                .orElseThrow(() -> new ProblemException(404, "Not Found", "recording " + id + " does not exist"));
    }

    private Optional<Recording> find(String id) {
        return id.matches("[A-Za-z0-9_:.-]{1,300}") ? catalogue.get(id) : Optional.empty();
    }

    private void requireStaff() {
        if (identity.isAnonymous()) {
            throw new ProblemException(401, "Unauthorized", "a bearer token or a signed link is required");
        }
        if (!identity.hasRole("experimenter") && !identity.hasRole("admin")) {
            throw new ProblemException(403, "Forbidden", "recordings are for staff");
        }
    }

    private static String filePath(String id, int index) {
        return "/api/recordings/" + id + "/files/" + index + "/content";
    }
}
