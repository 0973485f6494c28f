package io.hyperstudy.experiment.export;

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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An export is opened in a spreadsheet: no cell may start a formula, whatever a participant typed into
 * their label, their link's parameters, a free-text answer or the chat (OWASP CSV injection).
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class CsvInjectionTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OWNER = StaffTokens.experimenter("csv-owner");
    static final String[] ATTACKS = {"=HYPERLINK(\"https://evil.example\",\"x\")", "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"};

    @Test
    void formulaCellsGetALeadingApostropheAndNumbersStayNumbers() {
        for (String attack : ATTACKS) {
            assertEquals("'" + attack, ExportWriter.neutralised(attack));
        }
        for (String harmless : new String[] {"-3", "-0.5", "1e-3", "anna", "", "a=b", "{\"v\":\"=1\"}"}) {
            assertEquals(harmless, ExportWriter.neutralised(harmless));
        }
    }

    @Test
    void noCellOfARealExportStartsAFormula() throws Exception {
        ObjectNode definition = (ObjectNode) JSON.readTree("""
                {"roles":[{"id":"solo","count":1}],
                 "states":[{"id":"ask","focus":{"type":"questionnaire","id":"q","questions":[
                              {"id":"free","kind":"freeText","prompt":"Anything?"}]},
                            "globals":[{"type":"chat","id":"talk"}],
                            "end":{"kind":"allSubmitted"}}]}""");
        ObjectNode body = JSON.createObjectNode().put("title", "CSV");
        body.set("definition", definition);
        String experimentId = given().auth().oauth2(OWNER).contentType(ContentType.JSON).body(body.toString())
                .when().post("/api/experiments").then().statusCode(201).extract().path("id");
        given().auth().oauth2(OWNER).when().post("/api/experiments/" + experimentId + "/versions").then().statusCode(201);
        String sessionId = given().auth().oauth2(OWNER).contentType(ContentType.JSON)
                .body("{\"experimentId\":\"" + experimentId + "\",\"version\":1}")
                .when().post("/api/sessions").then().statusCode(201).extract().path("id");
        String joinPath = given().auth().oauth2(OWNER).when().get("/api/sessions/" + sessionId).then().extract()
                .path("joinPath");
        ObjectNode redeem = JSON.createObjectNode().put("sessionId", sessionId)
                .put("key", joinPath.substring(joinPath.indexOf("key=") + 4));
        redeem.putObject("params").put("PROLIFIC_PID", ATTACKS[0]).put("STUDY_ID", ATTACKS[1])
                .put("SESSION_ID", ATTACKS[3]);
        String pass = given().contentType(ContentType.JSON).body(redeem.toString())
                .when().post("/api/participants/redeem").then().statusCode(200).extract().path("pass.token");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                "inRoom".equals(given().auth().oauth2(pass).when().post("/api/participants/me/heartbeat")
                        .then().extract().path("status")));
        ObjectNode batch = JSON.createObjectNode();
        var responses = batch.putArray("responses");
        responses.addObject().put("id", "chat-1").put("stateId", "ask").put("componentId", "talk")
                .put("value", ATTACKS[4]);
        responses.addObject().put("id", "free-1").put("stateId", "ask").put("componentId", "q")
                .putObject("value").put("free", ATTACKS[2]);
        given().auth().oauth2(pass).contentType(ContentType.JSON).body(batch.toString())
                .when().post("/api/participants/me/responses").then().statusCode(200);

        String csv = given().auth().oauth2(OWNER).when().get("/api/exports/sessions/" + sessionId + "?format=csv")
                .then().statusCode(200).extract().asString();
        List<String> cells = cells(csv);
        assertTrue(cells.contains("'" + ATTACKS[0]), "the label is kept, as text");
        for (String cell : cells) {
            assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 && !cell.matches("-?[0-9.eE+-]+"),
                    "a cell starts a formula: " + cell);
        }
        assertTrue(csv.contains("+1+cmd"), "the link's parameters are exported");
    }

    /** The cells of an RFC 4180 document, quotes undone. */
    static List<String> cells(String csv) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',' || c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        return cells;
    }
}
