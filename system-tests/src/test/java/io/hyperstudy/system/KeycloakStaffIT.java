package io.hyperstudy.system;

import io.hyperstudy.system.Platform.Service;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Tokens of the real Keycloak (the portal's sign-in) reach every service as staff: an experimenter's experiment is
 * theirs, a second experimenter does not see it, and a token that is not the realm's is refused.
 */
class KeycloakStaffIT {

    @Test
    void aKeycloakExperimenterOwnsWhatTheyCreateAndNobodyElseSeesIt() {
        String gateway = Platform.get().url(Service.GATEWAY);
        String erin = Keycloak.token("experimenter");
        String other = Keycloak.token("experimenter2");
        String id = given().baseUri(gateway).auth().oauth2(erin).contentType(ContentType.JSON)
                .body("{\"title\":\"Signed in with Keycloak\"}").when().post("/api/experiments").then().statusCode(201)
                .extract().path("id");
        given().baseUri(gateway).auth().oauth2(erin).when().get("/api/experiments").then().statusCode(200)
                .body("id", hasItem(id));
        given().baseUri(gateway).auth().oauth2(other).when().get("/api/experiments").then().statusCode(200)
                .body("id", not(hasItem(id)));
        given().baseUri(gateway).auth().oauth2(other).when().get("/api/experiments/" + id).then().statusCode(404);
        // sync-service and media-service ask experiment-service with the caller's own token
        given().baseUri(gateway).auth().oauth2(erin).when().get("/api/media/experiments/" + id + "/assets")
                .then().statusCode(200);
        given().baseUri(gateway).auth().oauth2(other).when().get("/api/media/experiments/" + id + "/assets")
                .then().statusCode(404);
        String forged = erin.substring(0, erin.lastIndexOf('.') + 1) + "AAAA";
        for (String path : List.of("/api/experiments", "/api/media/experiments/" + id + "/assets")) {
            given().baseUri(gateway).auth().oauth2(forged).when().get(path).then().statusCode(401);
        }
    }
}
