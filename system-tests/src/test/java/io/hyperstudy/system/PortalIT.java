package io.hyperstudy.system;

import io.hyperstudy.system.Platform.Service;
import io.restassured.http.ContentType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The researchers' portal in headless Chromium (src/test/browser/portal.mjs), signed in through the real
 * Keycloak: an experimenter's experiments; one created in the portal, its video uploaded (the progress bar
 * moves), designed without JSON (three viewers; a synced film with a continuous rating, a questionnaire, a
 * chat; a mistake shown at its field, fixed; a state previewed), published; a session opened (a mistake at
 * its field first), its link; shared by e-mail; three participant pages join by it and the live monitor shows them with their
 * sync figures and plot, pauses and resumes their video; the session's data downloaded, the session closed,
 * another's study shared with the experimenter's e-mail address, its recording on its room's time line;
 * signing out, and a second experimenter who sees none of it. Then the link the portal showed is a real one, of a session
 * the portal closed.
 */
class PortalIT {
    @Test
    void anExperimenterSignsInPublishesOpensAndClosesASessionAndNobodyElseSeesIt() throws Exception {
        String gateway = Platform.get().url(Service.GATEWAY);
        Keycloak.allowPortal(gateway);
        String title = "Portal study " + System.nanoTime();
        given().baseUri(gateway).auth().oauth2(Keycloak.token("experimenter")).contentType(ContentType.JSON)
                .body("{\"title\":\"" + title + "\"}").when().post("/api/experiments").then().statusCode(201);

        // another researcher's study whose call was recorded, shared with the experimenter's e-mail address
        Joined recorded = Joined.join(RecordingIT.DEFINITION);
        String recordedId = given().baseUri(gateway).auth().oauth2(Joined.STAFF).when()
                .get("/api/sessions/" + recorded.sessionId()).then().statusCode(200).extract().path("experimentId");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(gateway).auth().oauth2(Joined.STAFF)
                .when().get("/api/recordings?sessionId=" + recorded.sessionId()).then().statusCode(200).extract()
                .jsonPath().getList("status"), List.of("complete")::equals);
        given().baseUri(gateway).auth().oauth2(Joined.STAFF).contentType(ContentType.JSON).body("{\"access\":\"viewer\"}")
                .when().put("/api/experiments/" + recordedId + "/collaborators/Experimenter@HyperStudy.local")
                .then().statusCode(200);

        String output = BrowserScript.run("portal.mjs", Map.of("GATEWAY_URL", gateway, "EXPERIMENT_TITLE", title,
                "MEDIA_FILE", BrowserScript.testVideo(60).toString(), "OTHER_EMAIL", "experimenter2@hyperstudy.local",
                "RECORDED_ID", recordedId), 5);

        Matcher join = Pattern.compile("join: \\S+(/join/[^?\\s]+)\\?key=(\\S+)").matcher(output);
        assertTrue(join.find(), output);
        String sessionId = join.group(1).substring("/join/".length());
        var refused = given().baseUri(gateway).contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + sessionId + "\",\"key\":\"" + join.group(2) + "\",\"params\":{\"PROLIFIC_PID\":\"late\"}}")
                .when().post("/api/participants/redeem").then().extract();
        assertEquals(409, refused.statusCode(), "the link the portal showed is the session's, and the portal closed it");
        assertEquals("urn:hyperstudy:problem:session-closed", refused.path("type"));

        // what the participants did and what the experimenter did are in the session's data
        String csv = given().baseUri(gateway).auth().oauth2(Keycloak.token("experimenter")).queryParam("format", "csv")
                .when().get("/api/exports/sessions/" + sessionId).then().statusCode(200).extract().asString();
        for (String who : List.of("p-ana", "p-ben", "p-cai")) {
            assertTrue(csv.lines().anyMatch(l -> l.startsWith("response,") && l.contains("," + who + ",")
                    && l.contains(",rating,rating,")), who + " rated the film continuously:\n" + csv);
        }
        List<String> byStaff = csv.lines().filter(l -> l.startsWith("room_event,") && l.contains("\"\"actor\"\":\"\""))
                .toList();
        assertEquals(2, byStaff.size(), "the pause and the resume, each the experimenter's: " + byStaff);
    }
}
