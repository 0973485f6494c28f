package io.hyperstudy.system;

import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.StaffTokens;
import io.hyperstudy.testinfra.WebSocketProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every service, run as in production, answers the platform team's probes, metrics and API docs on its
 * management interface, and nowhere else: not on its own public port, not through the gateway.
 */
class ObservabilityIT {
    /** The readiness checks each service must report: the infrastructure it depends on. */
    static final Map<Service, List<String>> READINESS = Map.of(
            Service.EXPERIMENT, List.of("firestore", "Kafka connection health check"),
            Service.SYNC, List.of("Redis connection health check", "Kafka connection health check"),
            Service.MEDIA, List.of("asset-storage", "Kafka connection health check"),
            Service.GATEWAY, List.of("backends"));
    static final List<String> MANAGEMENT = List.of("/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi",
            "/q/swagger-ui/");

    @ParameterizedTest
    @EnumSource(Service.class)
    void probesMetricsAndOpenApiOnTheManagementInterface(Service service) {
        String url = Platform.get().managementUrl(service);
        given().baseUri(url).when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().baseUri(url).when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(READINESS.get(service).toArray(String[]::new)));
        given().baseUri(url).when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
        given().baseUri(url).accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", org.hamcrest.Matchers.startsWith("3."));
        given().baseUri(url).when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void everyMetricTheChartsDashboardShowsIsReported() throws Exception {
        // the dashboard (helm/hyperstudy/dashboards) queries these names: a renamed meter would leave a panel empty
        String dashboard = Files.readString(Path.of("..", "helm", "hyperstudy", "dashboards", "hyperstudy.json"));
        Set<String> queried = new TreeSet<>();
        Matcher expr = Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(dashboard);
        while (expr.find()) {
            // metric names are the identifiers with an underscore outside label values
            Matcher name = Pattern.compile("\\b[a-z][a-z0-9]*_[a-z0-9_]+\\b").matcher(expr.group(1).replaceAll("\\\\\"[^\\\\]*\\\\\"", ""));
            while (name.find()) {
                queried.add(name.group());
            }
        }
        assertFalse(queried.isEmpty(), "the dashboard queries metrics");
        Platform platform = Platform.get();
        // a room socket that has joined and sent a frame: the per-join and per-frame meters have a sample
        try (var ws = WebSocketProbe.open(platform.gatewayWs("/ws/rooms/observed-" + UUID.randomUUID()),
                Map.of("Authorization", "Bearer " + StaffTokens.token("olga", "admin")))) {
            ws.nextContaining("\"type\":\"hello\"", Duration.ofSeconds(10));
            ws.send("{\"v\":2,\"type\":\"nonsense\"}");
            ws.nextContaining("\"error\"", Duration.ofSeconds(10));
            Set<String> reported = new HashSet<>();
            for (Service service : Service.values()) {
                String text = given().baseUri(platform.managementUrl(service)).when().get("/q/metrics").then()
                        .statusCode(200).extract().asString();
                text.lines().filter(l -> !l.startsWith("#")).map(l -> l.split("[{ ]", 2)[0]).forEach(reported::add);
                if (service == Service.SYNC) {
                    double sockets = text.lines().filter(l -> l.startsWith("sync_sockets"))
                            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
                    assertTrue(sockets >= 1, "sync_sockets counts the open socket: " + sockets);
                }
            }
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(reported);
            assertTrue(missing.isEmpty(), "the dashboard queries metrics no service reports: " + missing);
        }
    }

    @ParameterizedTest
    @EnumSource(Service.class)
    void nothingUnderQIsOnThePublicPortOrThroughTheGateway(Service service) {
        for (String path : MANAGEMENT) {
            given().baseUri(Platform.get().url(service)).when().get(path).then().statusCode(404);
        }
        String gateway = Platform.get().url(Service.GATEWAY);
        String prefix = switch (service) {
            case EXPERIMENT -> "/api/experiments";
            case SYNC -> "/api/sync";
            case MEDIA -> "/api/media";
            case GATEWAY -> "";
        };
        for (String path : MANAGEMENT) {
            given().baseUri(gateway).urlEncodingEnabled(false).when().get(prefix + path).then()
                    .statusCode(org.hamcrest.Matchers.oneOf(401, 404));
            given().baseUri(gateway).urlEncodingEnabled(false).when().get("/api/../q/metrics").then().statusCode(404);
        }
    }
}
