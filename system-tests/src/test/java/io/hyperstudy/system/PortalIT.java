package io.hyperstudy.system;

import io.hyperstudy.system.Platform.Service;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The researchers' portal in headless Chromium (src/test/browser/portal.mjs), signed in through the real
 * Keycloak: an experimenter's experiments, one created in the portal, a draft published, a session opened
 * (with a mistake shown at its field first), its link; a video uploaded with a moving progress bar; three participant pages join by it and the live monitor
 * shows them with their sync figures and plot, pauses and resumes their video; the session's data downloaded,
 * the session closed, signing out, and a second experimenter who sees none of it. Then the link the portal showed is a real one, of a session
 * the portal closed.
 */
class PortalIT {
    static final String DEFINITION = """
            {"roles":[{"id":"viewer","count":3}],
             "states":[{"id":"film","title":"Watch together","focus":{"type":"video","id":"clip","mediaId":"ASSET"},
                        "end":{"kind":"timer","seconds":50},"dropout":{"policy":"continue"}},
                       {"id":"bye","title":"Thank you","focus":{"type":"text","id":"bye","text":"Done.","continueButton":true},
                        "end":{"kind":"allSubmitted"},"dropout":{"policy":"continue"}}]}""";

    @Test
    void anExperimenterSignsInPublishesOpensAndClosesASessionAndNobodyElseSeesIt() throws Exception {
        String gateway = Platform.get().url(Service.GATEWAY);
        Keycloak.allowPortal(gateway);
        String title = "Portal study " + System.nanoTime();
        String owner = Keycloak.token("experimenter");
        String experiment = given().baseUri(gateway).auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"title\":\"" + title + "\"}").when().post("/api/experiments").then().statusCode(201)
                .extract().path("id");
        String asset = given().baseUri(gateway).auth().oauth2(owner).header("X-Asset-Name", "film.webm")
                .contentType("video/webm").body(java.nio.file.Files.readAllBytes(BrowserScript.testVideo(60)))
                .when().post("/api/media/experiments/" + experiment + "/assets").then().statusCode(201).extract().path("id");
        given().baseUri(gateway).auth().oauth2(owner).contentType(ContentType.JSON)
                .body("{\"title\":\"" + title + "\",\"definition\":" + DEFINITION.replace("ASSET", asset) + "}")
                .when().put("/api/experiments/" + experiment).then().statusCode(200);

        String output = BrowserScript.run("portal.mjs", Map.of("GATEWAY_URL", gateway, "EXPERIMENT_TITLE", title,
                "MEDIA_FILE", BrowserScript.testVideo(30).toString()), 5);

        Matcher join = Pattern.compile("join: \\S+(/join/[^?\\s]+)\\?key=(\\S+)").matcher(output);
        assertTrue(join.find(), output);
        String sessionId = join.group(1).substring("/join/".length());
        var refused = given().baseUri(gateway).contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + sessionId + "\",\"key\":\"" + join.group(2) + "\",\"params\":{\"PROLIFIC_PID\":\"late\"}}")
                .when().post("/api/participants/redeem").then().extract();
        assertEquals(409, refused.statusCode(), "the link the portal showed is the session's, and the portal closed it");
        assertEquals("urn:hyperstudy:problem:session-closed", refused.path("type"));
    }
}
