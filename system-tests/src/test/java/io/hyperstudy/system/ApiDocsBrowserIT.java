package io.hyperstudy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.system.Platform.Service;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * The public API's documentation at the gateway, in real headless Chromium: the Swagger UI shows every
 * operation of the merged document, an opened operation lists its refusals, and axe-core finds no serious
 * or critical violation (src/test/browser/api-docs.mjs; screenshots under target/infra/browser).
 */
class ApiDocsBrowserIT {

    @Test
    void theApiDocsShowEveryOperationAccessibly() throws Exception {
        String gateway = Platform.get().url(Service.GATEWAY);
        JsonNode merged = new ObjectMapper().readTree(given().baseUri(gateway).when().get("/openapi").then()
                .statusCode(200).extract().asString());
        int operations = 0;
        for (JsonNode path : merged.path("paths")) {
            for (String method : List.of("get", "put", "post", "delete", "patch")) {
                operations += path.has(method) ? 1 : 0;
            }
        }
        BrowserScript.run("api-docs.mjs", Map.of("GATEWAY_URL", gateway,
                "EXPECTED_OPERATIONS", String.valueOf(operations)));
    }
}
