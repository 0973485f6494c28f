package io.hyperstudy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.StaffTokens;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of every service, as its own OpenAPI document lists it (read at test time, so a new
 * endpoint cannot be forgotten), called through the gateway by three callers who should not get in: no
 * token, a participant pass (of another session), and staff with no access to the experiment. Each row of
 * the table says what each must get; an operation without a row fails the test, and so does a refusal
 * that is not problem+json or a status its OpenAPI document does not list. Then the gateway's merged
 * document of the public API lists every one of those operations, with the gateway's own 429.
 */
class RouteSecurityIT {
    /** What the three callers get: no token, a participant pass, staff without access to the experiment. */
    record Expect(int noToken, int participant, int outsider) {
    }

    /** Staff routes on an experiment the outsider cannot see: 404, so its existence is not revealed. */
    static final Expect STAFF = new Expect(401, 403, 404);
    /** The participant's own routes: staff tokens are refused. */
    static final Expect OWN = new Expect(401, 200, 403);
    /** Media of an experiment neither the pass (another experiment's) nor the outsider may see. */
    static final Expect MEDIA = new Expect(401, 404, 404);

    static final Map<String, Expect> TABLE = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /api/experiments", new Expect(401, 403, 200)),
            Map.entry("POST /api/experiments", new Expect(401, 403, 201)),
            Map.entry("GET /api/experiments/{id}", STAFF),
            Map.entry("PUT /api/experiments/{id}", STAFF),
            Map.entry("DELETE /api/experiments/{id}", STAFF),
            Map.entry("GET /api/experiments/{id}/versions", STAFF),
            Map.entry("POST /api/experiments/{id}/versions", STAFF),
            Map.entry("GET /api/experiments/{id}/versions/{version}", STAFF),
            Map.entry("POST /api/experiments/{id}/duplicate", STAFF),
            Map.entry("PUT /api/experiments/{id}/collaborators/{userId}", STAFF),
            Map.entry("DELETE /api/experiments/{id}/collaborators/{userId}", STAFF),
            Map.entry("GET /api/sessions", STAFF),
            Map.entry("POST /api/sessions", STAFF),
            Map.entry("GET /api/sessions/{id}", STAFF),
            Map.entry("POST /api/sessions/{id}/close", STAFF),
            Map.entry("GET /api/sessions/{id}/participants", STAFF),
            Map.entry("GET /api/sessions/{id}/rooms", STAFF),
            Map.entry("POST /api/sessions/{id}/role-links", STAFF),
            Map.entry("POST /api/sessions/{id}/participants/{participantId}/resume-link", STAFF),
            Map.entry("GET /api/rooms/{id}", STAFF),
            Map.entry("POST /api/rooms/{id}/pause", STAFF),
            Map.entry("POST /api/rooms/{id}/resume", STAFF),
            Map.entry("POST /api/rooms/{id}/skip", STAFF),
            Map.entry("POST /api/rooms/{id}/end", STAFF),
            Map.entry("POST /api/rooms/{id}/chat", STAFF),
            Map.entry("GET /api/exports/sessions/{id}", STAFF),
            Map.entry("GET /api/exports/experiments/{id}", STAFF),
            Map.entry("POST /api/participants/redeem", new Expect(400, 400, 400)),
            Map.entry("GET /api/participants/jwks", new Expect(200, 200, 200)),
            Map.entry("GET /api/participants/me", OWN),
            Map.entry("POST /api/participants/me/heartbeat", OWN),
            Map.entry("POST /api/participants/me/pass", OWN),
            Map.entry("POST /api/participants/me/leave", new Expect(401, 204, 403)),
            Map.entry("POST /api/participants/me/consent", OWN),
            Map.entry("POST /api/participants/me/withdraw", OWN),
            Map.entry("POST /api/participants/me/responses", new Expect(401, 400, 403)),
            Map.entry("GET /api/sync/rooms/{roomId}/timeline", new Expect(401, 403, 403)),
            Map.entry("GET /api/media/experiments/{experimentId}/assets", MEDIA),
            Map.entry("POST /api/media/experiments/{experimentId}/assets", MEDIA),
            Map.entry("GET /api/media/experiments/{experimentId}/assets/{assetId}", MEDIA),
            Map.entry("DELETE /api/media/experiments/{experimentId}/assets/{assetId}", MEDIA),
            Map.entry("GET /api/media/experiments/{experimentId}/assets/{assetId}/content", MEDIA),
            Map.entry("POST /api/media/experiments/{experimentId}/assets/{assetId}/link", MEDIA),
            Map.entry("POST /api/media/rooms/{roomId}/token", new Expect(401, 403, 404)),
            Map.entry("GET /api/recordings", new Expect(401, 403, 404)),
            Map.entry("GET /api/recordings/{id}", new Expect(401, 403, 404)),
            Map.entry("GET /api/recordings/{id}/files/{index}/content", new Expect(401, 403, 404)),
            Map.entry("POST /api/recordings/{id}/files/{index}/link", new Expect(401, 403, 404)),
            Map.entry("POST /webhooks/livekit", new Expect(401, 401, 401))));

    /** Bodies that pass validation, so that what refuses the caller is their access. */
    static final Map<String, String> BODIES = Map.of(
            "POST /api/experiments", "{\"title\":\"Anyone may create\"}",
            "PUT /api/experiments/{id}", "{\"title\":\"Not yours\"}",
            "PUT /api/experiments/{id}/collaborators/{userId}", "{\"access\":\"viewer\"}",
            "POST /api/sessions", "{\"experimentId\":\"EXPERIMENT\",\"version\":1}",
            "POST /api/sessions/{id}/role-links", "{\"role\":\"p\"}",
            "POST /api/rooms/{id}/skip", "{\"stateIndex\":0}",
            "POST /api/participants/me/consent", "{\"accepted\":true}",
            "POST /api/rooms/{id}/chat", "{\"id\":\"route-walk\",\"componentId\":\"chat\",\"text\":\"hello\"}");

    static String gateway;
    static Map<String, String> ids;
    static String pass;
    static final String OUTSIDER = StaffTokens.experimenter("route-outsider");

    @BeforeAll
    static void resources() throws Exception {
        gateway = Platform.get().url(Service.GATEWAY);
        Joined owned = Joined.join(AccessIT.DEFINITION);
        String experimentId = given().baseUri(gateway).auth().oauth2(Joined.STAFF).when()
                .get("/api/rooms/" + owned.roomId()).then().statusCode(200).extract().path("experimentId");
        String assetId = given().baseUri(gateway).auth().oauth2(Joined.STAFF).header("X-Asset-Name", "clip.mp4")
                .contentType("video/mp4").body(MediaAssetIT.mp4(5_000).readAllBytes()).when()
                .post("/api/media/experiments/" + experimentId + "/assets").then().statusCode(201).extract().path("id");
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(owned.roomPass().split("\\.")[1]));
        ids = Map.of("experiment", experimentId, "session", owned.sessionId(), "room", owned.roomId(),
                "participant", claims.path("sub").asText(), "asset", assetId);
        // a participant of another session: their pass is valid, for something else
        pass = Joined.join(AccessIT.DEFINITION).roomPass();
    }

    @Test
    void everyOperationRefusesWhoeverIsNotItsCaller() throws Exception {
        List<String> failures = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        Map<String, JsonNode> documented = new TreeMap<>();
        for (Service service : List.of(Service.EXPERIMENT, Service.SYNC, Service.MEDIA)) {
            JsonNode doc = new ObjectMapper().readTree(given().baseUri(Platform.get().managementUrl(service))
                    .accept("application/json").when().get("/q/openapi").then().statusCode(200).extract().asString());
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                var path = paths.next();
                for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                    String method = methods.next().toUpperCase();
                    if (List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                        operations.add(method + " " + path.getKey());
                        documented.put(method + " " + path.getKey(),
                                path.getValue().path(method.toLowerCase()).path("responses"));
                    }
                }
            }
        }
        for (String operation : operations) {
            Expect expect = TABLE.get(operation);
            if (expect == null) {
                failures.add(operation + ": no row in the table");
                continue;
            }
            JsonNode responses = documented.get(operation);
            check(operation, "no token", given(), expect.noToken(), responses, failures);
            check(operation, "participant pass", given().auth().oauth2(pass), expect.participant(), responses, failures);
            check(operation, "outsider", given().auth().oauth2(OUTSIDER), expect.outsider(), responses, failures);
        }
        for (String row : TABLE.keySet()) {
            if (!operations.contains(row)) {
                failures.add(row + ": in the table but no service documents it");
            }
        }
        System.out.printf("walked %d operations × 3 callers%n", operations.size());
        assertTrue(failures.isEmpty(), String.join("\n", failures));

        JsonNode merged = new ObjectMapper().readTree(given().baseUri(gateway).when().get("/openapi").then()
                .statusCode(200).extract().asString());
        for (String operation : operations) {
            String method = operation.substring(0, operation.indexOf(' ')).toLowerCase();
            String template = operation.substring(operation.indexOf(' ') + 1);
            JsonNode op = merged.path("paths").path(template).path(method);
            assertTrue(op.path("responses").has("429"), operation + " in the public document, with the gateway's 429");
        }
        assertTrue(merged.at("/servers/0/url").asText().startsWith(gateway));
        given().baseUri(gateway).when().get("/api-docs/").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("swagger-ui-bundle.js"));
    }

    private static void check(String operation, String caller, RequestSpecification request, int expected,
                              JsonNode responses, List<String> failures) {
        String method = operation.substring(0, operation.indexOf(' '));
        String template = operation.substring(operation.indexOf(' ') + 1);
        if (method.equals("POST") || method.equals("PUT")) {
            // a body valid enough to reach the access check (the body never lets a caller in)
            request = request.contentType("application/json").body(BODIES.getOrDefault(operation, "{}")
                    .replace("EXPERIMENT", ids.get("experiment")));
        }
        var answer = request.baseUri(gateway).urlEncodingEnabled(false).redirects().follow(false)
                .when().request(method, path(template)).then().extract();
        if (answer.statusCode() != expected) {
            failures.add(operation + " as " + caller + ": " + answer.statusCode() + " (expected " + expected + ")");
        } else if (expected >= 400 && !"application/problem+json".equals(answer.contentType())) {
            failures.add(operation + " as " + caller + ": " + expected + " is not problem+json but " + answer.contentType());
        }
        if (!responses.has(String.valueOf(answer.statusCode()))) {
            // the document must say what really happens
            failures.add(operation + " as " + caller + ": " + answer.statusCode() + " is not in its OpenAPI responses "
                    + names(responses));
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The template with real ids of resources the outsider may not see, and the query each list needs. */
    static String path(String template) {
        String id = template.startsWith("/api/experiments") || template.startsWith("/api/exports/experiments")
                ? ids.get("experiment") : template.startsWith("/api/rooms") ? ids.get("room")
                : template.startsWith("/api/recordings") ? "no-such-recording" : ids.get("session");
        String path = template.replace("{id}", id).replace("{experimentId}", ids.get("experiment"))
                .replace("{roomId}", ids.get("room")).replace("{assetId}", ids.get("asset"))
                .replace("{participantId}", ids.get("participant")).replace("{userId}", "someone")
                .replace("{version}", "1").replace("{index}", "0");
        if (template.equals("/api/sessions")) {
            return path + "?experimentId=" + ids.get("experiment");
        }
        if (template.equals("/api/recordings")) {
            return path + "?sessionId=" + ids.get("session");
        }
        return path;
    }
}
