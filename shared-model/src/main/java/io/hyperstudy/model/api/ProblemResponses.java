package io.hyperstudy.model.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.List;
import java.util.Map;

/**
 * The parts of every service's OpenAPI document that are the same everywhere: the problem+json body
 * ({@link Problem}), one reusable response per refusal, which operations name with
 * {@code @APIResponse(responseCode = "404", ref = "NotFound")}, the two bearer schemes (staff tokens,
 * participant passes), and the rule that every operation that needs a token may answer 401 (none, or not
 * valid) and 403 (not one this operation admits). Registered with {@code mp.openapi.filter}.
 */
public class ProblemResponses implements OASFilter {
    /** Reusable response name → what it means. */
    static final Map<String, String> RESPONSES = Map.ofEntries(
            Map.entry("BadRequest", "The request is invalid; each offending field is named in errors[]"),
            Map.entry("Unauthorized", "No valid bearer token (staff token or participant pass)"),
            Map.entry("Forbidden", "The token's role or access does not allow this"),
            Map.entry("NotFound", "No such resource, or the caller may not know it exists"),
            Map.entry("Conflict", "The request conflicts with the current state; nothing changed"),
            Map.entry("PreconditionFailed", "If-Match named a revision that is no longer current"),
            Map.entry("ContentTooLarge", "The body is larger than this endpoint takes"),
            Map.entry("UnsupportedMediaType", "The content is not of a type this endpoint takes"),
            Map.entry("UnprocessableContent", "The content is well-formed but cannot be what it claims"),
            Map.entry("RangeNotSatisfiable", "The range asks for none of the content's bytes"),
            Map.entry("ServiceUnavailable", "A service this request needs is unavailable; retry after Retry-After"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        var components = openAPI.getComponents();
        components.addSchema("Problem", problemSchema());
        RESPONSES.forEach((name, description) -> components.addResponse(name, problem(description)));
        components.addSecurityScheme("staff", bearer("A staff access token from the OIDC provider (Keycloak, Firebase)"));
        components.addSecurityScheme("participant", bearer("A participant pass from POST /api/participants/redeem"));
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(op -> {
                if (op.getSecurity() != null && !op.getSecurity().isEmpty() && op.getResponses() != null) {
                    if (!op.getResponses().hasAPIResponse("401")) {
                        op.getResponses().addAPIResponse("401", ref("Unauthorized"));
                    }
                    if (!op.getResponses().hasAPIResponse("403")) {
                        op.getResponses().addAPIResponse("403", ref("Forbidden"));
                    }
                }
            }));
        }
    }

    private static APIResponse ref(String name) {
        return OASFactory.createAPIResponse().ref(name);
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("#/components/schemas/Problem"))));
    }

    private static SecurityScheme bearer(String description) {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description(description);
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", text).addProperty("message", text).required(List.of("field", "message"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 7807 problem details; errors[] names each offending field by its JSON path")
                .addProperty("type", text).addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", text).addProperty("instance", text).addProperty("requestId", text)
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError))
                .required(List.of("title", "status"));
    }
}
