package io.hyperstudy.experiment.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission by link, as an attacker would try it: a known label without the resume secret, a host role
 * asked for in the URL, ids that are not ids. And how staff help a participant who lost their browser.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class AdmissionTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OWNER = StaffTokens.experimenter("adm-owner");
    static final String VIEWER = StaffTokens.experimenter("adm-viewer");
    static final String STRANGER = StaffTokens.experimenter("adm-stranger");

    record Study(String sessionId, String key) {
    }

    static Study study(String definition, String matching) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("title", "Admission");
        try (InputStream in = AdmissionTest.class.getResourceAsStream("/definitions/" + definition)) {
            body.set("definition", JSON.readTree(in));
        }
        String id = given().auth().oauth2(OWNER).contentType(ContentType.JSON).body(body.toString())
                .when().post("/api/experiments").then().statusCode(201).extract().path("id");
        given().auth().oauth2(OWNER).when().post("/api/experiments/" + id + "/versions").then().statusCode(201);
        given().auth().oauth2(OWNER).contentType(ContentType.JSON).body("{\"access\":\"viewer\"}")
                .when().put("/api/experiments/" + id + "/collaborators/adm-viewer").then().statusCode(200);
        ObjectNode session = JSON.createObjectNode().put("experimentId", id).put("version", 1);
        session.putObject("settings").put("matching", matching).putObject("codes").put("noConsent", "SECRET-CODE");
        var created = given().auth().oauth2(OWNER).contentType(ContentType.JSON).body(session.toString())
                .when().post("/api/sessions").then().statusCode(201).extract();
        String joinPath = created.path("joinPath");
        return new Study(created.path("id"), joinPath.substring(joinPath.indexOf("key=") + 4));
    }

    static ExtractableResponse<Response> redeem(String sessionId, String key, Map<String, String> params,
                                                String resume) {
        ObjectNode body = JSON.createObjectNode().put("sessionId", sessionId).put("key", key);
        body.set("params", JSON.valueToTree(params));
        if (resume != null) {
            body.put("resume", resume);
        }
        return given().contentType(ContentType.JSON).body(body.toString()).when().post("/api/participants/redeem")
                .then().extract();
    }

    static Map<String, String> query(String path) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : path.substring(path.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @Test
    void aKnownLabelWithoutItsResumeSecretGetsNothing() throws Exception {
        Study s = study("pair.json", "firstCome");
        var first = redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "anna"), null);
        assertEquals(200, first.statusCode());
        String secret = first.path("resume");
        String anna = first.path("status.participantId");
        assertNotNull(secret, "the first redeem hands the browser its resume secret");
        given().auth().oauth2((String) first.path("pass.token")).when().post("/api/participants/me/withdraw")
                .then().statusCode(200).body("code", equalTo("SECRET-CODE"));

        for (String wrong : new String[] {null, "", anna + ".guess", secret + "x", "p-other.abc"}) {
            var stolen = redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "anna"), wrong);
            assertEquals(409, stolen.statusCode(), "secret " + wrong);
            assertEquals("application/problem+json", stolen.contentType());
            String text = stolen.body().asString();
            assertFalse(text.contains("SECRET-CODE") || text.contains(anna) || text.contains("token"),
                    "a refused redeem reveals nothing: " + text);
        }
        var back = redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "anna"), secret);
        assertEquals(200, back.statusCode());
        assertEquals(anna, back.path("status.participantId"));
        assertEquals("SECRET-CODE", back.path("status.code"));
        assertNull(back.path("resume"), "the secret is handed out once");
        given().auth().oauth2(OWNER).when().get("/api/sessions/" + s.sessionId()).then()
                .body("participantCount", equalTo(1));
        given().auth().oauth2(OWNER).when().get("/api/sessions/" + s.sessionId() + "/participants").then()
                .statusCode(200).body("[0]", not(hasKey("resumeHash")));
    }

    @Test
    void anAnonymousParticipantResumesWithTheSecretAlone() throws Exception {
        Study s = study("pair.json", "firstCome");
        var first = redeem(s.sessionId(), s.key(), Map.of(), null);
        String secret = first.path("resume");
        var again = redeem(s.sessionId(), s.key(), Map.of(), secret);
        assertEquals(200, again.statusCode());
        assertEquals((String) first.path("status.participantId"), again.path("status.participantId"));
        assertEquals(409, redeem(s.sessionId(), s.key(), Map.of(), "p-nobody.xyz").statusCode());
        assertEquals(409, redeem(s.sessionId(), s.key(), Map.of(), "no-dot").statusCode());
    }

    @Test
    void theAppsOwnSecretMakesARetriedFirstRedeemFindItsParticipant() throws Exception {
        Study s = study("pair.json", "firstCome");
        String mine = "app-made-secret-0123456789abcdef";
        var first = redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "retry"), mine);
        assertEquals(200, first.statusCode());
        assertNull(first.path("resume"), "the app keeps the secret it made");
        var retried = redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "retry"), mine);
        assertEquals((String) first.path("status.participantId"), retried.path("status.participantId"));
        assertEquals(409, redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "retry"), null).statusCode());
        var anonymous = redeem(s.sessionId(), s.key(), Map.of(), "anonymous-app-secret-0123456789");
        assertEquals((String) anonymous.path("status.participantId"),
                redeem(s.sessionId(), s.key(), Map.of(), "anonymous-app-secret-0123456789").path("status.participantId"));
        given().auth().oauth2(OWNER).when().get("/api/sessions/" + s.sessionId()).then()
                .body("participantCount", equalTo(2));
    }

    @Test
    void staffReissueTheSecretOfAParticipantWhoLostTheirBrowser() throws Exception {
        Study s = study("pair.json", "firstCome");
        var first = redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "lost"), null);
        String old = first.path("resume");
        String pid = first.path("status.participantId");
        String link = "/api/sessions/" + s.sessionId() + "/participants/" + pid + "/resume-link";
        given().when().post(link).then().statusCode(401);
        given().auth().oauth2((String) first.path("pass.token")).when().post(link).then().statusCode(403);
        given().auth().oauth2(STRANGER).when().post(link).then().statusCode(404);
        given().auth().oauth2(VIEWER).when().post(link).then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(OWNER).when().post("/api/sessions/" + s.sessionId() + "/participants/p-nobody/resume-link")
                .then().statusCode(404);
        String resumePath = given().auth().oauth2(OWNER).when().post(link).then().statusCode(200)
                .body("participantId", equalTo(pid)).extract().path("resumePath");
        Map<String, String> q = query(resumePath);
        assertTrue(resumePath.startsWith("/join/" + s.sessionId() + "?key=" + s.key()));
        assertEquals(409, redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "lost"), old).statusCode(),
                "the old secret stops working");
        var back = redeem(s.sessionId(), q.get("key"), Map.of(), q.get("resume"));
        assertEquals(200, back.statusCode());
        assertEquals(pid, back.path("status.participantId"));
        assertEquals(200, redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "lost"), q.get("resume")).statusCode());
    }

    @Test
    void aHostRoleIsGivenByAStaffRoleLinkNeverByAPlainOne() throws Exception {
        Study s = study("hosted.json", "roleBalanced");
        var asked = redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "mallory", "role", "guide"), null);
        assertEquals(403, asked.statusCode());
        assertEquals("application/problem+json", asked.contentType());
        var forged = redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "mallory", "role", "guide",
                "roleKey", "AAAA"), null);
        assertEquals(403, forged.statusCode());
        given().auth().oauth2(OWNER).when().get("/api/sessions/" + s.sessionId()).then()
                .body("participantCount", equalTo(0));
        var viewer = redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "vic", "role", "viewer"), null);
        assertEquals("viewer", viewer.path("status.role"), "a role that does not drive playback may be picked");

        String links = "/api/sessions/" + s.sessionId() + "/role-links";
        given().contentType(ContentType.JSON).body("{\"role\":\"guide\"}").when().post(links).then().statusCode(401);
        given().auth().oauth2(VIEWER).contentType(ContentType.JSON).body("{\"role\":\"guide\"}").when().post(links)
                .then().statusCode(403);
        given().auth().oauth2(STRANGER).contentType(ContentType.JSON).body("{\"role\":\"guide\"}").when().post(links)
                .then().statusCode(404);
        given().auth().oauth2(OWNER).contentType(ContentType.JSON).body("{\"role\":\"nobody\"}").when().post(links)
                .then().statusCode(400).body("errors[0].field", equalTo("role"));
        String joinPath = given().auth().oauth2(OWNER).contentType(ContentType.JSON).body("{\"role\":\"guide\"}")
                .when().post(links).then().statusCode(200).extract().path("joinPath");
        Map<String, String> q = query(joinPath);
        assertEquals("guide", q.get("role"));
        var guide = redeem(s.sessionId(), q.get("key"), Map.of("PROLIFIC_PID", "gina", "role", "guide",
                "roleKey", q.get("roleKey")), null);
        assertEquals(200, guide.statusCode(), guide.body().asString());
        assertEquals("guide", guide.path("status.role"));
        String viewerLink = given().auth().oauth2(OWNER).contentType(ContentType.JSON).body("{\"role\":\"viewer\"}")
                .when().post(links).then().statusCode(200).extract().path("joinPath");
        assertEquals(403, redeem(s.sessionId(), s.key(), Map.of("PROLIFIC_PID", "eve", "role", "guide",
                "roleKey", query(viewerLink).get("roleKey")), null).statusCode(), "a key opens its own role only");
        given().auth().oauth2(OWNER).when().get("/api/sessions/" + s.sessionId() + "/participants").then()
                .body("find { it.label == 'gina' }.params", not(hasKey("roleKey")));

        Study firstCome = study("hosted.json", "firstCome");
        given().auth().oauth2(OWNER).contentType(ContentType.JSON).body("{\"role\":\"guide\"}")
                .when().post("/api/sessions/" + firstCome.sessionId() + "/role-links").then().statusCode(409);
    }

    @Test
    void idsThatAreNotIdsNeverReachTheStore() throws Exception {
        Study s = study("pair.json", "firstCome");
        for (String bad : new String[] {"a/b", "..", "__x__", "x".repeat(10_000), "a\nb", ""}) {
            var r = redeem(bad, s.key(), Map.of(), null);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, bad + " → " + r.statusCode());
            assertEquals("application/problem+json", r.contentType());
        }
        String experimentId = given().auth().oauth2(OWNER).when().get("/api/sessions/" + s.sessionId())
                .then().extract().path("experimentId");
        for (String path : new String[] {
                "/api/experiments/" + experimentId + "%2Fversions%2F1",
                "/api/experiments/%2E%2E",
                "/api/experiments/__x__",
                "/api/experiments/" + "e".repeat(1000),
                "/api/sessions/" + s.sessionId() + "%2Fparticipants",
                "/api/sessions/__x__/participants",
                "/api/rooms/a%2Fb",
                "/api/exports/sessions/%2E%2E"}) {
            given().urlEncodingEnabled(false).auth().oauth2(OWNER).when().get(path).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(OWNER).when().get("/api/experiments/" + experimentId).then().statusCode(200);
    }

    @Test
    void theKeySetAnswersWhateverAuthorizationComesWithIt() {
        for (String header : new String[] {"Bearer garbage", "Bearer " + StaffTokens.expired("x", "experimenter"),
                "Basic dXNlcjpwYXNz", "nonsense"}) {
            given().header("Authorization", header).when().get("/api/participants/jwks").then().statusCode(200)
                    .body("keys[0].kty", equalTo("RSA"));
        }
        given().header("Authorization", "Bearer garbage").contentType(ContentType.JSON)
                .body("{\"sessionId\":\"nope\",\"key\":\"k\"}").when().post("/api/participants/redeem")
                .then().statusCode(404);
        given().header("Authorization", "Bearer garbage").when().get("/api/experiments").then().statusCode(401)
                .contentType("application/problem+json");
    }
}
