package io.hyperstudy.experiment.api;

import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may call what: every endpoint of the experiments API, for each kind of caller. No token 401; a
 * token without a staff role 403; no access at all 404 (existence not leaked); too little access 403.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class ExperimentAccessTest {
    static final String OWNER = StaffTokens.experimenter("olga");
    static final String EDITOR = StaffTokens.experimenter("ed");
    static final String VIEWER = StaffTokens.experimenter("vic");
    static final String STRANGER = StaffTokens.experimenter("sam");
    static final String PARTICIPANT = StaffTokens.token("pat", "participant");

    /** One call of the API against experiment {@code id}. */
    record Call(String name, String method, String path, String body) {
        int status(String token, String id) {
            RequestSpecification r = given();
            if (token != null) {
                r = r.auth().oauth2(token);
            }
            if (body != null) {
                r = r.contentType(ContentType.JSON).body(body);
            }
            return r.when().request(method, path.replace("{id}", id)).then().extract().statusCode();
        }
    }

    static final String EDIT = Experiments.body("Edited", Experiments.fullDefinition()).toString();

    static final List<Call> PER_EXPERIMENT = List.of(
            new Call("read", "GET", "/api/experiments/{id}", null),
            new Call("list versions", "GET", "/api/experiments/{id}/versions", null),
            new Call("read version", "GET", "/api/experiments/{id}/versions/1", null),
            new Call("duplicate", "POST", "/api/experiments/{id}/duplicate", null),
            new Call("edit", "PUT", "/api/experiments/{id}", EDIT),
            new Call("publish", "POST", "/api/experiments/{id}/versions", null),
            new Call("share", "PUT", "/api/experiments/{id}/collaborators/zoe", "{\"access\":\"viewer\"}"),
            new Call("unshare", "DELETE", "/api/experiments/{id}/collaborators/zoe", null),
            new Call("delete", "DELETE", "/api/experiments/{id}", null));

    private String sharedExperiment() {
        String id = Experiments.create(OWNER, "Shared", Experiments.fullDefinition());
        Experiments.share(OWNER, id, "ed", "editor");
        Experiments.share(OWNER, id, "vic", "viewer");
        given().auth().oauth2(OWNER).when().post("/api/experiments/" + id + "/versions").then().statusCode(201);
        return id;
    }

    @Test
    void withoutATokenEveryEndpointAnswers401() {
        String id = sharedExperiment();
        assertEquals(401, new Call("list", "GET", "/api/experiments", null).status(null, id));
        assertEquals(401, new Call("create", "POST", "/api/experiments", EDIT).status(null, id));
        for (Call c : PER_EXPERIMENT) {
            assertEquals(401, c.status(null, id), c.name());
        }
    }

    @Test
    void aTokenWithoutAStaffRoleAnswers403Everywhere() {
        String id = sharedExperiment();
        assertEquals(403, new Call("list", "GET", "/api/experiments", null).status(PARTICIPANT, id));
        assertEquals(403, new Call("create", "POST", "/api/experiments", EDIT).status(PARTICIPANT, id));
        for (Call c : PER_EXPERIMENT) {
            assertEquals(403, c.status(PARTICIPANT, id), c.name());
        }
    }

    @Test
    void aStaffMemberWithNoAccessGets404AndDoesNotSeeItListed() {
        String id = sharedExperiment();
        for (Call c : PER_EXPERIMENT) {
            assertEquals(404, c.status(STRANGER, id), c.name());
        }
        given().auth().oauth2(STRANGER).when().get("/api/experiments").then().statusCode(200)
                .body("id", not(hasItem(id)));
        // the experiment is untouched by all those attempts
        given().auth().oauth2(OWNER).when().get("/api/experiments/" + id).then().statusCode(200)
                .body("revision", equalTo(1));
    }

    @Test
    void aViewerReadsAndCopiesButCannotChangeAnything() {
        String id = sharedExperiment();
        for (Call c : PER_EXPERIMENT) {
            int status = c.status(VIEWER, id);
            switch (c.name()) {
                case "read", "list versions", "read version" -> assertEquals(200, status, c.name());
                case "duplicate" -> assertEquals(201, status, c.name());
                default -> assertEquals(403, status, c.name());
            }
        }
        given().auth().oauth2(VIEWER).when().get("/api/experiments").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.access", equalTo("viewer"));
        given().auth().oauth2(OWNER).when().get("/api/experiments/" + id).then().statusCode(200)
                .body("revision", equalTo(1)).body("latestVersion", equalTo(1));
    }

    @Test
    void anEditorEditsAndPublishesButCannotShareOrDelete() {
        String id = sharedExperiment();
        for (Call c : PER_EXPERIMENT) {
            int status = c.status(EDITOR, id);
            switch (c.name()) {
                case "read", "list versions", "read version", "edit" -> assertEquals(200, status, c.name());
                case "duplicate", "publish" -> assertEquals(201, status, c.name());
                default -> assertEquals(403, status, c.name());
            }
        }
        given().auth().oauth2(OWNER).when().get("/api/experiments/" + id).then().statusCode(200)
                .body("revision", equalTo(2)).body("latestVersion", equalTo(2))
                .body("collaborators.ed", equalTo("editor"));
    }

    @Test
    void theOwnerAndAnAdminMayDoEverything() {
        for (String token : new String[] {OWNER, StaffTokens.admin()}) {
            String id = sharedExperiment();
            for (Call c : PER_EXPERIMENT) {
                int status = c.status(token, id);
                assertTrue(status == 200 || status == 201 || status == 204, c.name() + " answered " + status);
            }
            given().auth().oauth2(OWNER).when().get("/api/experiments/" + id).then().statusCode(404);
        }
    }

    @Test
    void theAdminListsEveryoneSExperiments() {
        String id = sharedExperiment();
        given().auth().oauth2(StaffTokens.admin()).when().get("/api/experiments").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.access", equalTo("owner"));
        given().auth().oauth2(EDITOR).when().get("/api/experiments").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.access", equalTo("editor"));
    }

    @Test
    void sharedByEMailItOpensToWhoeverProvedThatAddress() {
        String id = Experiments.create(OWNER, "By e-mail", Experiments.fullDefinition());
        Experiments.share(OWNER, id, "Vera@Lab.example", "viewer");
        given().auth().oauth2(OWNER).when().get("/api/experiments/" + id).then().statusCode(200)
                .body("collaborators.'vera@lab.example'", equalTo("viewer"));
        String vera = StaffTokens.withEmail("vera-uid", "vera@lab.EXAMPLE", true, "experimenter");
        String unproven = StaffTokens.withEmail("mallory-uid", "vera@lab.example", false, "experimenter");

        given().auth().oauth2(vera).when().get("/api/experiments").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.access", equalTo("viewer"));
        given().auth().oauth2(vera).when().get("/api/experiments/" + id).then().statusCode(200);
        assertEquals(403, new Call("edit", "PUT", "/api/experiments/{id}", EDIT).status(vera, id));
        // an address the provider has not verified is anyone's claim: it opens nothing
        assertEquals(404, new Call("read", "GET", "/api/experiments/{id}", null).status(unproven, id));
        given().auth().oauth2(unproven).when().get("/api/experiments").then().statusCode(200)
                .body("id", not(hasItem(id)));

        // the level changes in place, whatever the case the owner types it in
        Experiments.share(OWNER, id, "VERA@lab.example", "editor");
        assertEquals(200, new Call("edit", "PUT", "/api/experiments/{id}", EDIT).status(vera, id));
        given().auth().oauth2(OWNER).when().delete("/api/experiments/" + id + "/collaborators/vera@LAB.example")
                .then().statusCode(204);
        assertEquals(404, new Call("read", "GET", "/api/experiments/{id}", null).status(vera, id));
    }
}
