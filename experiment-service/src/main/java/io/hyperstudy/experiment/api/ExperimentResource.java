package io.hyperstudy.experiment.api;

import io.hyperstudy.experiment.domain.Access;
import io.hyperstudy.experiment.domain.Caller;
import io.hyperstudy.experiment.domain.Experiment;
import io.hyperstudy.experiment.domain.ExperimentService;
import io.hyperstudy.experiment.domain.ExperimentService.Visible;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.model.api.Problem.FieldError;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
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

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Experiments. Callers: staff only (roles {@code experimenter} and {@code admin}); anyone else gets 403,
 * no token 401. Per experiment: viewers read and copy, editors also edit and publish, the owner (or an
 * admin) also shares and deletes. An experiment the caller has no access to answers 404, so its
 * existence is not revealed; a lesser access than needed answers 403.
 */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"experimenter", "admin"})
@Tag(name = "experiments")
@SecurityRequirement(name = "staff")
public class ExperimentResource {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.@:+-]{1,128}");

    @Inject
    ExperimentService experiments;

    @Inject
    SecurityIdentity identity;

    @POST
    @Operation(summary = "Create an experiment owned by the caller, with an optional draft definition")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Created; Location names it",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExperimentView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response create(ExperimentInput body, UriInfo uri) {
        requireValid(body);
        var created = experiments.create(caller(), body.title().strip(), body.description(), body.definition());
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .tag(etag(created.revision()))
                .entity(ExperimentView.of(new Visible(created, Access.OWNER))).build();
    }

    @GET
    @Operation(summary = "List the experiments the caller owns, that are shared with them, or all (admin)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ExperimentSummary.class)))
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public List<ExperimentSummary> list() {
        return experiments.list(caller()).stream().map(ExperimentSummary::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One experiment with its draft definition; the ETag is its revision (viewer)")
    @APIResponse(responseCode = "200", description = "The experiment; ETag is its draft revision",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExperimentView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response get(@PathParam("id") String id) {
        Visible v = experiments.find(caller(), id).orElseThrow(() -> RequestRefused.notFound("experiment " + id));
        return Response.ok(ExperimentView.of(v)).tag(etag(v.experiment().revision())).build();
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace the draft (editor); with If-Match only if it is still at that revision")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The edited experiment",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExperimentView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "412", ref = "PreconditionFailed")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response edit(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                         ExperimentInput body) {
        requireValid(body);
        var edited = experiments.edit(caller(), id, revision(ifMatch), body.title().strip(), body.description(),
                body.definition());
        return Response.ok(view(edited)).tag(etag(edited.revision())).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an experiment and its versions (owner or admin)")
    @APIResponse(responseCode = "204", description = "Deleted with its versions")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response delete(@PathParam("id") String id) {
        experiments.delete(caller(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/versions")
    @Operation(summary = "Publish the draft as the next immutable version (editor); idempotent for an unchanged draft")
    @APIResponse(responseCode = "201", description = "Published; Location names the version",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response publish(@PathParam("id") String id, UriInfo uri) {
        var v = experiments.publish(caller(), id);
        return Response.created(uri.getAbsolutePathBuilder().path(Integer.toString(v.version())).build())
                .entity(VersionView.of(v)).build();
    }

    @GET
    @Path("/{id}/versions")
    @Operation(summary = "The published versions, newest first, without their definitions (viewer)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = VersionView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public List<VersionView> versions(@PathParam("id") String id) {
        return experiments.versions(caller(), id).stream().map(VersionView::summary).toList();
    }

    @GET
    @Path("/{id}/versions/{version}")
    @Operation(summary = "One published version with its definition (viewer)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = VersionView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public VersionView version(@PathParam("id") String id, @PathParam("version") int version) {
        return VersionView.of(experiments.version(caller(), id, version));
    }

    @POST
    @Path("/{id}/duplicate")
    @Operation(summary = "Copy the draft into a new experiment owned by the caller (viewer)")
    @APIResponse(responseCode = "201", description = "The copy; Location names it",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExperimentView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response duplicate(@PathParam("id") String id, UriInfo uri) {
        var copy = experiments.duplicate(caller(), id);
        return Response.created(uri.getBaseUriBuilder().path("api/experiments").path(copy.id()).build())
                .tag(etag(copy.revision()))
                .entity(ExperimentView.of(new Visible(copy, Access.OWNER))).build();
    }

    @PUT
    @Path("/{id}/collaborators/{userId}")
    @Operation(summary = "Share with a user as viewer or editor (owner or admin)")
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExperimentView.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public ExperimentView share(@PathParam("id") String id, @PathParam("userId") String userId, ShareInput body) {
        userId = collaborator(userId);
        if (body == null || body.access() == null) {
            throw RequestRefused.invalid("say which access to grant",
                    List.of(new FieldError("access", "is required: viewer or editor")));
        }
        return view(experiments.share(caller(), id, userId, Optional.of(body.access())));
    }

    @DELETE
    @Path("/{id}/collaborators/{userId}")
    @Operation(summary = "Revoke a user's access (owner or admin)")
    @APIResponse(responseCode = "204", description = "Access revoked")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "409", ref = "Conflict")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response unshare(@PathParam("id") String id, @PathParam("userId") String userId) {
        userId = collaborator(userId);
        experiments.share(caller(), id, userId, Optional.empty());
        return Response.noContent().build();
    }

    private ExperimentView view(Experiment e) {
        Caller caller = caller();
        return ExperimentView.of(new Visible(e, e.accessOf(caller).orElseThrow()));
    }

    private static void requireValid(ExperimentInput body) {
        if (body == null) {
            throw RequestRefused.invalid("a JSON body is required", List.of());
        }
        var errors = body.errors();
        if (!errors.isEmpty()) {
            throw RequestRefused.invalid("the experiment is invalid", errors);
        }
    }

    /** A collaborator's key: their account id as given, or their e-mail address in lower case. */
    private static String collaborator(String userId) {
        if (!USER_ID.matcher(userId).matches()) {
            throw RequestRefused.invalid("not a user id", List.of(new FieldError("userId",
                    "must be an account id or an e-mail address: 1 to 128 letters, digits or . _ @ : + -")));
        }
        return Caller.isEmail(userId) ? Caller.normalEmail(userId) : userId;
    }

    /** The revision an {@code If-Match} header asks for; absent or {@code *}: any. */
    private static OptionalLong revision(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return OptionalLong.empty();
        }
        String tag = ifMatch.strip().replaceFirst("^W/", "").replace("\"", "");
        try {
            return OptionalLong.of(Long.parseLong(tag));
        } catch (NumberFormatException e) {
            throw RequestRefused.preconditionFailed("If-Match must be an ETag this service gave out, such as \"3\"");
        }
    }

    private static EntityTag etag(long revision) {
        return new EntityTag(Long.toString(revision));
    }

    private Caller caller() {
        return Caller.of(identity);
    }
}
