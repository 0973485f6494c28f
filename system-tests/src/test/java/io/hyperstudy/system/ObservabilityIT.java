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

/** Every service, run as in production, answers the platform team's probes, metrics and API docs. */
class ObservabilityIT {
    /** The readiness checks each service must report: the infrastructure it depends on. */
    static final Map<Service, List<String>> READINESS = Map.of(
            Service.EXPERIMENT, List.of("firestore", "Kafka connection health check"),
            Service.SYNC, List.of("Redis connection health check", "Kafka connection health check"),
            Service.MEDIA, List.of("asset-storage", "Kafka connection health check"),
            Service.GATEWAY, List.of("backends"));

    @ParameterizedTest
    @EnumSource(Service.class)
    void probesMetricsAndOpenApi(Service service) {
        String url = Platform.get().url(service);
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
}
