package io.hyperstudy.experiment.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.experiment.domain.Access;
import io.hyperstudy.experiment.domain.Caller;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.session.Session;
import io.hyperstudy.experiment.session.SessionService;
import io.hyperstudy.model.api.Problem.FieldError;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Exports, streamed as they are read: per session or per experiment (all its sessions), as CSV or
 * JSON. Columns are documented in docs/exports.md. Callers: staff with viewer access to the experiment
 * (others 404; no staff role 403; no token 401).
 */
@Path("/api/exports")
@RolesAllowed({"experimenter", "admin"})
@Tag(name = "exports")
@SecurityRequirement(name = "staff")
public class ExportResource {

    @Inject
    SessionService sessions;

    @Inject
    SessionExport export;

    @Inject
    ObjectMapper json;

    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/sessions/{id}")
    @Operation(summary = "One session's data, format=csv (default) or json (viewer of the experiment)")
    @APIResponse(responseCode = "200", description = "The session's rows, streamed",
            content = @Content(mediaType = "text/csv"))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response session(@PathParam("id") String id, @QueryParam("format") String format) {
        Session s = sessions.get(caller(), id, Access.VIEWER);
        return stream("session-" + id, format, out -> export.write(s, out));
    }

    @GET
    @Path("/experiments/{id}")
    @Operation(summary = "All sessions of an experiment, format=csv (default) or json (viewer)")
    @APIResponse(responseCode = "200", description = "The experiment's rows, streamed",
            content = @Content(mediaType = "text/csv"))
    @APIResponse(responseCode = "400", ref = "BadRequest")
    @APIResponse(responseCode = "404", ref = "NotFound")
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Response experiment(@PathParam("id") String id, @QueryParam("format") String format) {
        List<Session> all = sessions.list(caller(), id);
        return stream("experiment-" + id, format, out -> all.forEach(s -> export.write(s, out)));
    }

    private interface Body {
        void write(ExportWriter out);
    }

    private Response stream(String name, String format, Body body) {
        boolean asJson = "json".equals(format);
        if (format != null && !asJson && !"csv".equals(format)) {
            throw RequestRefused.invalid("unknown format", List.of(new FieldError("format", "must be csv or json")));
        }
        StreamingOutput output = (OutputStream out) -> {
            try (ExportWriter w = asJson ? ExportWriter.json(out, json) : ExportWriter.csv(out)) {
                body.write(w);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("export interrupted", e);
            }
        };
        return Response.ok(output, asJson ? "application/json" : "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + (asJson ? ".json" : ".csv") + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    private Caller caller() {
        return Caller.of(identity);
    }
}
