package io.hyperstudy.gateway.packaged;

import io.hyperstudy.testinfra.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * The packaged gateway, run as its own process: the JVM build here (quarkus-run.jar), the native executable
 * where GraalVM/Mandrel built one (mvn -Dnative -pl gateway -am verify), so that what native compilation
 * leaves out (the built web app as resources, the problem+json records) shows up as a failing test. It serves
 * the participant app on a join link and the portal, and answers for a backend that is not there with a
 * problem, never with the page.
 */
@QuarkusIntegrationTest
@WithTestResource(RedisResource.class)
class PackagedGatewayIT {

    @Test
    void thePackagedGatewayServesTheAppAndAnswersProblems() {
        given().when().get("/join/s-123?key=abc").then().statusCode(200).contentType(containsString("text/html"));
        given().when().get("/portal").then().statusCode(200).contentType(containsString("text/html"));
        given().when().get("/api/unknown").then().statusCode(404).contentType("application/problem+json");
    }
}
