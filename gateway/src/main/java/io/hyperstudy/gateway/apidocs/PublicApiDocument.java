package io.hyperstudy.gateway.apidocs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The public API as one OpenAPI document: the operations every backend documents under the paths the
 * gateway routes, with their schemas (a name two services use for different things is prefixed with the
 * service's name, and its references follow), and what the gateway itself adds to every operation: 429
 * when over a rate limit, 413 when a body is too large, 414 for an overlong URI. Pure: documents in,
 * document out.
 */
final class PublicApiDocument {
    static final List<String> PUBLIC_PREFIXES = List.of("/api/", "/ws/", "/webhooks/");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String SCHEMAS = "#/components/schemas/";

    private PublicApiDocument() {
    }

    /** Merges the backends' documents (service name → document), in the order given. */
    static ObjectNode merge(ObjectMapper json, Map<String, JsonNode> backends, String serverUrl, String version) {
        ObjectNode merged = json.createObjectNode();
        merged.put("openapi", backends.values().stream().map(d -> d.path("openapi").asText(null))
                .filter(v -> v != null).findFirst().orElse("3.1.0"));
        merged.putObject("info").put("title", "HyperStudy API").put("version", version)
                .put("description", "The public API of the HyperStudy platform, as the gateway serves it. Every "
                        + "refusal is application/problem+json (RFC 7807).");
        merged.putArray("servers").addObject().put("url", serverUrl);
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode responses = components.putObject("responses");
        ObjectNode securitySchemes = components.putObject("securitySchemes");
        Map<String, ObjectNode> tags = new LinkedHashMap<>();
        backends.forEach((service, source) -> {
            ObjectNode doc = source.deepCopy();
            Map<String, String> renamed = new HashMap<>();
            doc.path("components").path("schemas").fields().forEachRemaining(e -> {
                JsonNode existing = schemas.get(e.getKey());
                if (existing != null && !existing.equals(e.getValue())) {
                    renamed.put(e.getKey(), prefix(service) + e.getKey());
                }
            });
            if (!renamed.isEmpty()) {
                rewriteRefs(doc, renamed);
            }
            doc.path("components").path("schemas").fields().forEachRemaining(e ->
                    schemas.set(renamed.getOrDefault(e.getKey(), e.getKey()), e.getValue()));
            doc.path("components").path("responses").fields().forEachRemaining(e -> responses.set(e.getKey(), e.getValue()));
            doc.path("components").path("securitySchemes").fields()
                    .forEachRemaining(e -> securitySchemes.set(e.getKey(), e.getValue()));
            doc.path("tags").forEach(t -> tags.putIfAbsent(t.path("name").asText(), (ObjectNode) t));
            doc.path("paths").fields().forEachRemaining(e -> {
                if (PUBLIC_PREFIXES.stream().anyMatch(p -> e.getKey().startsWith(p))) {
                    paths.set(e.getKey(), e.getValue());
                }
            });
        });
        addGatewayRefusals(json, paths, responses);
        if (!tags.isEmpty()) {
            ArrayNode list = merged.putArray("tags");
            tags.values().forEach(list::add);
        }
        return merged;
    }

    /** What the gateway answers for any operation, before the backend is asked. */
    private static void addGatewayRefusals(ObjectMapper json, ObjectNode paths, ObjectNode responses) {
        responses.set("TooManyRequests", problem(json, "Over a rate limit of the gateway; retry after Retry-After"));
        responses.set("UriTooLong", problem(json, "The request URI is longer than the gateway takes"));
        if (!responses.has("ContentTooLarge")) {
            responses.set("ContentTooLarge", problem(json, "The body is larger than this endpoint takes"));
        }
        for (Iterator<JsonNode> it = paths.elements(); it.hasNext(); ) {
            JsonNode item = it.next();
            item.fields().forEachRemaining(op -> {
                if (!METHODS.contains(op.getKey()) || !(op.getValue() instanceof ObjectNode operation)) {
                    return;
                }
                ObjectNode answers = operation.has("responses") ? (ObjectNode) operation.get("responses")
                        : operation.putObject("responses");
                answers.putObject("429").put("$ref", "#/components/responses/TooManyRequests");
                answers.putObject("414").put("$ref", "#/components/responses/UriTooLong");
                if (operation.has("requestBody") && !answers.has("413")) {
                    answers.putObject("413").put("$ref", "#/components/responses/ContentTooLarge");
                }
            });
        }
    }

    private static ObjectNode problem(ObjectMapper json, String description) {
        ObjectNode response = json.createObjectNode().put("description", description);
        response.putObject("content").putObject("application/problem+json").putObject("schema")
                .put("$ref", SCHEMAS + "Problem");
        return response;
    }

    private static void rewriteRefs(JsonNode node, Map<String, String> renamed) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith(SCHEMAS)) {
                String name = ref.asText().substring(SCHEMAS.length());
                if (renamed.containsKey(name)) {
                    object.put("$ref", SCHEMAS + renamed.get(name));
                }
            }
            object.elements().forEachRemaining(child -> rewriteRefs(child, renamed));
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> rewriteRefs(child, renamed));
        }
    }

    /** {@code media-service} → {@code Media}. */
    static String prefix(String service) {
        String first = service.split("-")[0];
        return Character.toUpperCase(first.charAt(0)) + first.substring(1);
    }
}
