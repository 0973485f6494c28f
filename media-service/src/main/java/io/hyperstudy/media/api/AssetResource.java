package io.hyperstudy.media.api;

import io.hyperstudy.media.access.Access;
import io.hyperstudy.media.access.DownloadLinks;
import io.hyperstudy.media.access.ExperimentAccess;
import io.hyperstudy.media.assets.Asset;
import io.hyperstudy.media.assets.AssetStorage;
import io.hyperstudy.media.config.MediaConfig;
import io.hyperstudy.model.pass.ParticipantPass;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
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

import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * An experiment's media assets. Callers: editors and the owner of the experiment upload and delete;
 * viewers list and read; a participant pass of one of the experiment's sessions downloads; admins do
 * all. No token: 401; a token without one of those roles: 403; no access to the experiment: 404.
 * Access to an experiment is experiment-service's answer (see {@link ExperimentAccess}). The content may
 * also be fetched with a signed, expiring link ({@code POST .../link}) by media elements that cannot
 * send a token.
 */
@Path("/api/media/experiments/{experimentId}/assets")
@RolesAllowed({"experimenter", "admin", ParticipantPass.GROUP})
@Tag(name = "assets")
@SecurityRequirement(name = "staff")
public class AssetResource {
    static final int COPY_BUFFER = 64 * 1024;

    @Inject
    AssetStorage storage;

    @Inject
    ExperimentAccess access;

    @Inject
    SecurityIdentity identity;

    @Inject
    MediaConfig config;

    @Inject
    DownloadLinks links;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload an asset, streamed; its type is judged from its bytes (editor)")
    @APIResponse(responseCode = "201", description = "Stored; Location names it",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Asset.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
    @APIResponse(responseCode = "422", ref = "UnprocessableContent")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response upload(@PathParam("experimentId") String experimentId,
                           @HeaderParam("X-Asset-Name") String name,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                           UriInfo uri) {
        require(experimentId, authorization, Access.EDITOR);
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            // a browser's plain <form> upload wraps the file; the store streams the bytes themselves
            throw new ProblemException(415, "Unsupported Media Type", "send the file itself as the request body "
                    + "(its own type, e.g. video/mp4), with its name in the X-Asset-Name header, not a multipart "
                    + "form; the portal's media library does this");
        }
        String decoded = decodedName(name);
        Asset asset = storage.store(experimentId, decoded, identity.getPrincipal().getName(), body,
                config.maxAssetBytes());
        return Response.created(uri.getAbsolutePathBuilder().path(asset.id()).build()).entity(asset)
                .type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The experiment's assets (viewer)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Asset.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public List<Asset> list(@PathParam("experimentId") String experimentId,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        require(experimentId, authorization, Access.VIEWER);
        return storage.list(experimentId);
    }

    @GET
    @Path("/{assetId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One asset's metadata: type, size, checksum, duration (viewer, or a participant)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Asset.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Asset metadata(@PathParam("experimentId") String experimentId, @PathParam("assetId") String assetId,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        require(experimentId, authorization, Access.PARTICIPANT);
        return find(experimentId, assetId);
    }

    @GET
    @Path("/{assetId}/content")
    @Operation(summary = "The asset's bytes, with Range, ETag and caching headers so a <video> can seek "
            + "(viewer, or a participant of one of the experiment's sessions)")
    @PermitAll
    @APIResponse(responseCode = "200", description = "The bytes (206 for a range)",
            content = @Content(mediaType = "application/octet-stream"))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "416", ref = "RangeNotSatisfiable")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response content(@PathParam("experimentId") String experimentId, @PathParam("assetId") String assetId,
                            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                            @HeaderParam("Range") String range, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                            @HeaderParam("If-Range") String ifRange, @QueryParam("expires") String expires,
                            @QueryParam("signature") String signature) {
        if (signature == null) {
            requireCaller();
            require(experimentId, authorization, Access.PARTICIPANT);
        } else if (!links.valid(contentPath(experimentId, assetId), expires, signature)) {
            throw new ProblemException(403, "Forbidden", "the download link is not valid for this asset, or has expired");
        }
        Asset asset = find(experimentId, assetId);
        return new RangedContent("\"" + asset.sha256() + "\"", asset.size(), asset.contentType(), asset.uploadedAt(),
                asset.name(), (from, length) -> storage.read(experimentId, assetId, from, length))
                .serve(range, ifNoneMatch, ifRange);
    }

    @POST
    @Path("/{assetId}/link")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A signed, expiring link to the asset's bytes, for a <video> or <img> that cannot send "
            + "a token (viewer, or a participant of one of the experiment's sessions)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Map<String, Object> link(@PathParam("experimentId") String experimentId, @PathParam("assetId") String assetId,
                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        require(experimentId, authorization, Access.PARTICIPANT);
        find(experimentId, assetId);
        DownloadLinks.Link link = links.sign(contentPath(experimentId, assetId));
        return Map.of("url", link.path(), "expiresAt", java.time.Instant.ofEpochSecond(link.expires()).toString());
    }

    @DELETE
    @Path("/{assetId}")
    @Operation(summary = "Delete an asset (editor)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response delete(@PathParam("experimentId") String experimentId, @PathParam("assetId") String assetId,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        require(experimentId, authorization, Access.EDITOR);
        if (!storage.delete(experimentId, assetId)) {
            throw new ProblemException(404, "Not Found", "asset " + assetId + " does not exist");
        }
        return Response.noContent().build();
    }

    /** The asset's name as the client percent-encoded it; a name that does not decode is kept as sent. */
    private static String decodedName(String name) {
        if (name == null) {
            return null;
        }
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    private Asset find(String experimentId, String assetId) {
        return storage.find(experimentId, assetId)
                .orElseThrow(() -> new ProblemException(404, "Not Found", "asset " + assetId + " does not exist"));
    }

    /** For the one endpoint open to signed links: without a link, the caller must be signed in as usual. */
    private static String contentPath(String experimentId, String assetId) {
        return "/api/media/experiments/" + experimentId + "/assets/" + assetId + "/content";
    }

    private void requireCaller() {
        if (identity.isAnonymous()) {
            throw new ProblemException(401, "Unauthorized", "a bearer token or a signed link is required");
        }
        if (!identity.hasRole("experimenter") && !identity.hasRole("admin") && !identity.hasRole(ParticipantPass.GROUP)) {
            throw new ProblemException(403, "Forbidden", "this needs a staff token or a participant pass");
        }
    }

    private void require(String experimentId, String authorization, Access needed) {
        if (!AssetStorage.validId(experimentId)) {
            throw new ProblemException(404, "Not Found", "experiment " + experimentId + " does not exist");
        }
        Access has = access.of(identity, authorization, experimentId);
        if (has == Access.NONE) {
            throw new ProblemException(404, "Not Found", "experiment " + experimentId + " does not exist");
        }
        if (!has.allows(needed)) {
            throw new ProblemException(403, "Forbidden", "this needs " + needed.name().toLowerCase()
                    + " access to the experiment");
        }
    }
}
