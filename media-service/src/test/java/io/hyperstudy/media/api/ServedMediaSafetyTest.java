package io.hyperstudy.media.api;

import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.LiveKitResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uploads cannot become pages or headers: served media say what they are and forbid sniffing, a name an
 * uploader gave never reaches a header raw, a media file carrying a page is refused, and so is a header
 * that claims a duration its file cannot have.
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(LiveKitResource.class)
@WithTestResource(FirestoreResource.class)
class ServedMediaSafetyTest {
    static final String ADMIN = StaffTokens.admin();
    static final byte[] VIDEO = Mp4Fixture.bytes(10_000, 5_000);

    static String base(String experiment) {
        return "/api/media/experiments/" + experiment + "/assets";
    }

    @Test
    void aNameNeverReachesAHeaderRawAndKeepsTheTypesExtension() {
        String experiment = "exp-" + UUID.randomUUID();
        String id = given().auth().oauth2(ADMIN)
                .header("X-Asset-Name", "evil%0D%0ASet-Cookie%3A%20a%3Db%0D%0A%22page%22.html")
                .contentType("application/octet-stream").body(VIDEO).when().post(base(experiment))
                .then().statusCode(201).extract().path("id");
        String name = given().auth().oauth2(ADMIN).when().get(base(experiment) + "/" + id).then().statusCode(200)
                .extract().path("name");
        assertFalse(name.contains("\r") || name.contains("\n"), name);
        var content = given().auth().oauth2(ADMIN).when().get(base(experiment) + "/" + id + "/content").then()
                .statusCode(200).header("X-Content-Type-Options", "nosniff").extract();
        assertEquals(null, content.header("Set-Cookie"), "a name cannot add a header");
        String disposition = content.header("Content-Disposition");
        assertTrue(disposition.startsWith("inline; filename=\"evilSet-Cookie: a=b_page_.html.mp4\"; filename*=UTF-8''"),
                disposition);
        assertTrue(disposition.endsWith("evilSet-Cookie%3A%20a%3Db%22page%22.html.mp4"), disposition);
        assertTrue(content.header("Content-Security-Policy").contains("sandbox"));

        String unicode = given().auth().oauth2(ADMIN).header("X-Asset-Name", "%C3%A9t%C3%A9.MP4")
                .contentType("application/octet-stream").body(VIDEO).when().post(base(experiment))
                .then().statusCode(201).extract().path("id");
        assertEquals("inline; filename=\"_t_.MP4\"; filename*=UTF-8''%C3%A9t%C3%A9.MP4",
                given().auth().oauth2(ADMIN).when().get(base(experiment) + "/" + unicode + "/content").then()
                        .extract().header("Content-Disposition"));
        given().auth().oauth2(ADMIN).header("X-Asset-Name", "100%ZZ").contentType("application/octet-stream")
                .body(VIDEO).when().post(base(experiment)).then().statusCode(201).body("name", equalTo("100%ZZ"));
    }

    @Test
    void aMediaFileThatCarriesAPageIsRefused() throws Exception {
        String experiment = "exp-" + UUID.randomUUID();
        ByteArrayOutputStream polyglot = new ByteArrayOutputStream();
        polyglot.write(Mp4Fixture.header(2_000));
        polyglot.write("<!DOCTYPE html><HTML><body><script>fetch('/api/experiments')</script></body></html>"
                .getBytes(StandardCharsets.US_ASCII));
        polyglot.write(new byte[2_000]);
        given().auth().oauth2(ADMIN).header("X-Asset-Name", "movie.mp4").contentType("video/mp4")
                .body(polyglot.toByteArray()).when().post(base(experiment))
                .then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).when().get(base(experiment)).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void aDurationTheFileCannotHaveIsRefused() {
        String experiment = "exp-" + UUID.randomUUID();
        given().auth().oauth2(ADMIN).header("X-Asset-Name", "forged.mp4").contentType("video/mp4")
                .body(Mp4Fixture.bytes(248_000, 1_013_478_000L)).when().post(base(experiment))
                .then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).when().get(base(experiment)).then().statusCode(200).body("$", hasSize(0));
    }
}
