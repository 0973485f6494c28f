package io.hyperstudy.media.api;

import io.hyperstudy.media.assets.AssetStorage;
import io.hyperstudy.media.assets.AssetStorage.StoredAsset;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Media assets. Callers: admins only for now; experimenters get access to their own experiments'
 * assets once media-service tracks experiment ownership (the media issue).
 */
@Path("/api/media/experiments/{experimentId}/assets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Tag(name = "assets")
@SecurityRequirement(name = "staff")
public class AssetResource {

    @Inject
    AssetStorage storage;

    @GET
    @Operation(summary = "The assets stored for an experiment")
    public List<StoredAsset> list(@PathParam("experimentId") String experimentId) {
        if (!AssetStorage.validExperimentId(experimentId)) {
            throw new ProblemException(400, "Bad Request", "experimentId must be 1-128 letters, digits, - or _");
        }
        return storage.list(experimentId);
    }
}
