package io.hyperstudy.media.api;

import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.LiveKitResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Uploading and serving assets: type judged from the bytes, checksum and duration, byte ranges for
 * seeking, conditional requests; and what happens without a token or when experiment-service cannot
 * be asked. (Who may do what per experiment, with experiment-service answering, is in system-tests.)
 */
@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(LiveKitResource.class)
@WithTestResource(FirestoreResource.class)
class AssetResourceTest {
    static final String ADMIN = StaffTokens.admin();
    static final byte[] VIDEO = Mp4Fixture.bytes(10_000, 5_000);

    static String base(String experiment) {
        return "/api/media/experiments/" + experiment + "/assets";
    }

    static String upload(String experiment, byte[] bytes, String name) {
        return given().auth().oauth2(ADMIN).header("X-Asset-Name", name).contentType("application/octet-stream")
                .body(bytes).when().post(base(experiment))
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void anUploadIsTypedByItsBytesWithChecksumAndDuration() throws Exception {
        String experiment = "exp-" + UUID.randomUUID();
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(VIDEO));
        String id = given().auth().oauth2(ADMIN).header("X-Asset-Name", "clip%20one.bin")
                .contentType("text/plain").body(VIDEO).when().post(base(experiment))
                .then().statusCode(201)
                .body("contentType", equalTo("video/mp4")).body("size", equalTo(VIDEO.length))
                .body("sha256", equalTo(sha)).body("durationSeconds", equalTo(5.0f)).body("name", equalTo("clip one.bin"))
                .extract().path("id");
        given().auth().oauth2(ADMIN).when().get(base(experiment)).then().statusCode(200)
                .body("$", hasSize(1)).body("[0].id", equalTo(id));
        given().auth().oauth2(ADMIN).when().get(base(experiment) + "/" + id).then().statusCode(200)
                .body("sha256", equalTo(sha));
    }

    @Test
    void aChunkedUploadOfUnknownLengthIsStreamedToo() throws Exception {
        String experiment = "exp-" + UUID.randomUUID();
        var http = java.net.http.HttpClient.newHttpClient();
        var answer = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(baseUri + base(experiment).substring(1)))
                .header("Authorization", "Bearer " + ADMIN).header("X-Asset-Name", "chunked.mp4")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> Mp4Fixture.stream(3_000_000, 4_000)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        org.junit.jupiter.api.Assertions.assertEquals(201, answer.statusCode(), answer.body());
        org.junit.jupiter.api.Assertions.assertTrue(answer.body().contains("\"durationSeconds\":4.0"), answer.body());
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI baseUri;

    @Test
    void somethingThatIsNotMediaIsRefusedWhateverItsNameAndNothingIsKept() {
        String experiment = "exp-" + UUID.randomUUID();
        given().auth().oauth2(ADMIN).header("X-Asset-Name", "movie.mp4").contentType("video/mp4")
                .body("#!/bin/sh\necho not a video\n".getBytes()).when().post(base(experiment))
                .then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).when().get(base(experiment)).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void aFormUploadIsToldWhatToSendInstead() {
        String experiment = "exp-" + UUID.randomUUID();
        given().auth().oauth2(ADMIN).multiPart("file", "clip.mp4", VIDEO, "video/mp4").when().post(base(experiment))
                .then().statusCode(415).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("X-Asset-Name"));
        given().auth().oauth2(ADMIN).when().get(base(experiment)).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void rangesServeTheWholeAMiddleAnOpenEndAndASuffixAndRefuseWhatIsNotThere() {
        String experiment = "exp-" + UUID.randomUUID();
        String id = upload(experiment, VIDEO, "clip.mp4");
        String content = base(experiment) + "/" + id + "/content";
        int size = VIDEO.length;

        var full = given().auth().oauth2(ADMIN).when().get(content).then().statusCode(200)
                .header("Accept-Ranges", "bytes").header("Content-Length", String.valueOf(size))
                .header("Cache-Control", equalTo("private, max-age=86400, immutable"))
                .contentType("video/mp4").extract();
        assertArrayEquals(VIDEO, full.asByteArray());
        String etag = full.header("ETag");

        var middle = given().auth().oauth2(ADMIN).header("Range", "bytes=100-199").when().get(content)
                .then().statusCode(206).header("Content-Range", "bytes 100-199/" + size)
                .header("Content-Length", "100").extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(VIDEO, 100, 200), middle);

        var open = given().auth().oauth2(ADMIN).header("Range", "bytes=9000-").when().get(content)
                .then().statusCode(206).header("Content-Range", "bytes 9000-" + (size - 1) + "/" + size)
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(VIDEO, 9000, size), open);

        var suffix = given().auth().oauth2(ADMIN).header("Range", "bytes=-116").when().get(content)
                .then().statusCode(206).extract().asByteArray();
        assertArrayEquals(Mp4Fixture.moov(5_000), suffix, "the last 116 bytes are the movie header");

        given().auth().oauth2(ADMIN).header("Range", "bytes=" + size + "-").when().get(content)
                .then().statusCode(416).header("Content-Range", "bytes */" + size)
                .contentType("application/problem+json");
        given().auth().oauth2(ADMIN).header("If-None-Match", etag).when().get(content).then().statusCode(304);
        given().auth().oauth2(ADMIN).header("Range", "bytes=0-9").header("If-Range", "\"stale\"").when().get(content)
                .then().statusCode(200).header("Content-Length", String.valueOf(size));
    }

    @Test
    void aSignedLinkOpensItsOwnAssetOnlyWithoutAToken() {
        String experiment = "exp-" + UUID.randomUUID();
        String id = upload(experiment, VIDEO, "clip.mp4");
        String other = upload(experiment, VIDEO, "other.mp4");
        String url = given().auth().oauth2(ADMIN).when().post(base(experiment) + "/" + id + "/link")
                .then().statusCode(200).extract().path("url");
        given().when().get(url).then().statusCode(200).header("Content-Length", String.valueOf(VIDEO.length));
        given().header("Range", "bytes=0-15").when().get(url).then().statusCode(206)
                .header("Content-Range", "bytes 0-15/" + VIDEO.length);
        given().when().get(url.replace(id, other)).then().statusCode(403).contentType("application/problem+json");
        given().when().get(url.replaceFirst("expires=(\\d+)", "expires=99999999999")).then().statusCode(403);
        given().when().get(url.substring(0, url.length() - 2) + "xx").then().statusCode(403);
        given().when().get(base(experiment) + "/" + id + "/content").then().statusCode(401);
        given().when().post(base(experiment) + "/" + id + "/link").then().statusCode(401);
    }

    @Test
    void aDeletedAssetIsGone() {
        String experiment = "exp-" + UUID.randomUUID();
        String id = upload(experiment, VIDEO, "clip.mp4");
        given().auth().oauth2(ADMIN).when().delete(base(experiment) + "/" + id).then().statusCode(204);
        given().auth().oauth2(ADMIN).when().get(base(experiment) + "/" + id + "/content").then().statusCode(404);
        given().auth().oauth2(ADMIN).when().delete(base(experiment) + "/" + id).then().statusCode(404);
    }

    @Test
    void idsThatAreNotIdsNameNothing() {
        for (String path : new String[] {"/api/media/experiments/a%2Fb/assets", "/api/media/experiments/__x__/assets",
                "/api/media/experiments/e1/assets/%2E%2E/content", "/api/recordings/__x__",
                "/api/media/rooms/" + "r".repeat(500) + "/token"}) {
            var answer = given().urlEncodingEnabled(false).auth().oauth2(ADMIN).when()
                    .request(path.endsWith("token") ? "POST" : "GET", path).then().extract();
            org.junit.jupiter.api.Assertions.assertEquals(404, answer.statusCode(), path);
            org.junit.jupiter.api.Assertions.assertEquals("application/problem+json", answer.contentType(), path);
        }
    }

    @Test
    void callersWithoutAccessAreRefusedAndAnUnanswerableQuestionIsA503() {
        String experiment = "exp-" + UUID.randomUUID();
        String id = upload(experiment, VIDEO, "clip.mp4");
        given().when().get(base(experiment)).then().statusCode(401);
        given().when().get(base(experiment) + "/" + id + "/content").then().statusCode(401);
        given().auth().oauth2(StaffTokens.token("x", "visitor")).when().get(base(experiment)).then().statusCode(403);
        // a token with a participant role but no pass claims names no experiment
        given().auth().oauth2(StaffTokens.token("p", "participant")).when().get(base(experiment) + "/" + id + "/content")
                .then().statusCode(404);
        // an experimenter's access is experiment-service's to say; here it cannot be asked
        given().auth().oauth2(StaffTokens.experimenter("erin")).body(VIDEO).when().post(base(experiment))
                .then().statusCode(503).header("Retry-After", "5");
        given().auth().oauth2(ADMIN).when().get(base(experiment)).then().body("$", hasSize(1));
    }
}
