package io.hyperstudy.system;

import io.hyperstudy.system.Platform.Service;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

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
