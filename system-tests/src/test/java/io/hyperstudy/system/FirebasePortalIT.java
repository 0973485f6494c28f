package io.hyperstudy.system;

import io.hyperstudy.testinfra.FirebaseAuthStandIn;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * The portal with Firebase Authentication chosen by configuration (src/test/browser/portal-firebase.mjs): a
 * gateway with {@code HYPERSTUDY_GATEWAY_PORTAL_PROVIDER=firebase}, the web SDK pointed at a stand-in that signs
 * ID tokens as Firebase does, and services that trust that issuer's keys as a tenant. The services take the
 * token the browser got; they refuse one without a staff role, and one of another signer.
 */
class FirebasePortalIT {
    @Test
    void anExperimenterSignsInWithFirebaseAndTheServicesTakeTheirToken() throws Exception {
        Platform platform = Platform.get();
        String gateway = platform.firebaseGateway();
        FirebaseAuthStandIn firebase = platform.firebaseAuth();
        long n = System.nanoTime();
        String email = "fiona-" + n + "@lab.example";
        String password = "correct horse battery " + n;
        var fiona = firebase.addAccount(email, password, true, List.of("experimenter"));
        String title = "Firebase study " + n;
        given().baseUri(gateway).auth().oauth2(firebase.idToken(fiona)).contentType(ContentType.JSON)
                .body("{\"title\":\"" + title + "\"}").when().post("/api/experiments").then().statusCode(201);

        // who may not: an account without a staff role, a token signed by someone else
        var participant = firebase.addAccount("pat-" + n + "@lab.example", "x", true, List.of("participant"));
        given().baseUri(gateway).auth().oauth2(firebase.idToken(participant)).when().get("/api/experiments")
                .then().statusCode(403);
        try (FirebaseAuthStandIn forger = new FirebaseAuthStandIn()) {
            var forged = forger.addAccount(email, password, true, List.of("admin"));
            given().baseUri(gateway).auth().oauth2(forger.idToken(forged)).when().get("/api/experiments")
                    .then().statusCode(401);
        }

        BrowserScript.run("portal-firebase.mjs", Map.of("GATEWAY_URL", gateway, "EMAIL", email, "PASSWORD", password,
                "EXPERIMENT_TITLE", title), 3);

        given().baseUri(gateway).auth().oauth2(firebase.idToken(fiona)).when().get("/api/experiments").then()
                .statusCode(200).body("title", hasItem("Made with Firebase sign-in")).body("title", hasItem(title));
        given().baseUri(gateway).auth().oauth2(Keycloak.token("experimenter")).when().get("/api/experiments").then()
                .statusCode(200).body("title", not(hasItem(title)));
    }
}
