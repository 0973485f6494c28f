package io.hyperstudy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.ChildProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        Path browserTests = ChildProcess.repoRoot().resolve("system-tests/src/test/browser");
        Path shots = ChildProcess.workDir("browser");
        Path log = shots.resolve("api-docs.log");
        Files.deleteIfExists(log);
        var pb = new ProcessBuilder("node", "api-docs.mjs").directory(browserTests.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("GATEWAY_URL", gateway, "SHOTS", shots.toString(),
                "EXPECTED_OPERATIONS", String.valueOf(operations)));
        Process node = pb.start();
        if (!node.waitFor(2, TimeUnit.MINUTES)) {
            node.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);
        assertEquals(0, node.exitValue(), output);
    }
}
