package io.hyperstudy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperstudy.testinfra.ChildProcess;
import io.restassured.http.ContentType;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;

/**
 * The real Keycloak the portal signs in with: the local platform's own (dev/keycloak.sh, 127.0.0.1:8180, realm
 * hyperstudy with the users admin, experimenter and experimenter2). Started on first use unless it already runs
 * (a developer's dev/up.sh), and then stopped when the tests end. The platform's services accept its tokens
 * beside the test OIDC server's (a second OIDC tenant, chosen by the token's issuer).
 */
final class Keycloak {
    static final String BASE = "http://127.0.0.1:8180";
    static final String ISSUER = BASE + "/realms/hyperstudy";
    static final String CLIENT = "hyperstudy-web";
    private static boolean started;

    private Keycloak() {
    }

    static synchronized void ensureRunning() throws Exception {
        if (started) {
            return;
        }
        if (run("status") != 0) {
            if (run("start") != 0) {
                throw new IllegalStateException("dev/keycloak.sh start failed: see .dev/logs/keycloak.log");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run("stop");
                } catch (Exception e) {
                    // the JVM is going: a Keycloak left behind is stopped by the next dev/down.sh
                }
            }));
        }
        started = true;
    }

    /** Lets the portal of a gateway on another port than 8080 sign in (the realm file names 8080 only). */
    static void allowPortal(String gatewayUrl) throws Exception {
        String admin = given().baseUri(BASE).contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("client_id", "admin-cli").formParam("username", "admin").formParam("password", "admin")
                .when().post("/realms/master/protocol/openid-connect/token").then().statusCode(200)
                .extract().path("access_token");
        ObjectMapper json = new ObjectMapper();
        JsonNode clients = json.readTree(given().baseUri(BASE).auth().oauth2(admin).queryParam("clientId", CLIENT)
                .when().get("/admin/realms/hyperstudy/clients").then().statusCode(200).extract().asString());
        ObjectNode client = (ObjectNode) clients.get(0);
        addOnce((ArrayNode) client.get("redirectUris"), gatewayUrl + "/*");
        addOnce((ArrayNode) client.get("webOrigins"), gatewayUrl);
        ObjectNode attributes = (ObjectNode) client.get("attributes");
        String logout = attributes.path("post.logout.redirect.uris").asText("");
        if (!logout.contains(gatewayUrl)) {
            attributes.put("post.logout.redirect.uris", logout + "##" + gatewayUrl + "/*");
        }
        given().baseUri(BASE).auth().oauth2(admin).contentType(ContentType.JSON).body(client.toString())
                .when().put("/admin/realms/hyperstudy/clients/" + client.path("id").asText()).then().statusCode(204);
    }

    /** A realm user's access token (password grant, as `dev/keycloak.sh token` gets one). */
    static String token(String user) {
        return given().baseUri(BASE).contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("client_id", CLIENT).formParam("username", user).formParam("password", user)
                .when().post("/realms/hyperstudy/protocol/openid-connect/token").then().statusCode(200)
                .extract().path("access_token");
    }

    private static void addOnce(ArrayNode list, String value) {
        for (JsonNode n : list) {
            if (n.asText().equals(value)) {
                return;
            }
        }
        list.add(value);
    }

    private static int run(String command) throws Exception {
        var log = ChildProcess.workDir("logs").resolve("keycloak-" + command + ".log");
        Process p = new ProcessBuilder("bash", "dev/keycloak.sh", command)
                .directory(ChildProcess.repoRoot().toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("dev/keycloak.sh " + command + " took over 5 minutes:\n" + Files.readString(log));
        }
        return p.exitValue();
    }
}
