package io.hyperstudy.experiment.api;

import io.hyperstudy.experiment.domain.Caller;
import io.hyperstudy.experiment.domain.ExperimentService;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Experiments. Callers: staff only (roles {@code experimenter} and {@code admin}); an experimenter
 * sees their own experiments, an admin all. An experiment the caller may not see answers 404, so its
 * existence is not revealed.
 */
@Path("/api/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"experimenter", "admin"})
@Tag(name = "experiments")
@SecurityRequirement(name = "staff")
public class ExperimentResource {

    @Inject
    ExperimentService experiments;

    @Inject
    SecurityIdentity identity;

    @POST
    @Operation(summary = "Create an experiment owned by the caller")
    public Response create(NewExperiment body, UriInfo uri) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body is required", List.of());
        }
        var errors = body.errors();
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("the experiment is invalid", errors);
        }
        var created = experiments.create(caller(), body.title().strip(), body.description());
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(ExperimentView.of(created)).build();
    }

    @GET
    @Operation(summary = "List the experiments the caller may see")
    public List<ExperimentView> list() {
        return experiments.list(caller()).stream().map(ExperimentView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One experiment")
    public ExperimentView get(@PathParam("id") String id) {
        return experiments.find(caller(), id).map(ExperimentView::of)
                .orElseThrow(() -> ProblemException.notFound("experiment " + id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an experiment (owner or admin)")
    public Response delete(@PathParam("id") String id) {
        if (!experiments.delete(caller(), id)) {
            throw ProblemException.notFound("experiment " + id);
        }
        return Response.noContent().build();
    }

    private Caller caller() {
        return new Caller(identity.getPrincipal().getName(), identity.hasRole("admin"));
    }
}
