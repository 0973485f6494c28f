package io.hyperstudy.system;

import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.testinfra.StaffTokens;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Media assets through the gateway, with experiment-service saying who may do what: the experiment's
 * owner uploads, a viewer reads, a stranger sees nothing, a participant of the experiment's session
 * downloads; and a 200 MB asset goes up and comes back down through a gateway and a media-service whose
 * heaps are capped at 128 MB.
 */
class MediaAssetIT {
    static final String OWNER = StaffTokens.experimenter("mia");
    static final long BIG = 200L * 1024 * 1024;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String experiment(String gateway) {
        String id = given().baseUri(gateway).auth().oauth2(OWNER).contentType(ContentType.JSON)
                .body("{\"title\":\"Media study\",\"definition\":{\"roles\":[{\"id\":\"p\",\"count\":2}],\"states\":"
                        + "[{\"id\":\"s\",\"focus\":{\"type\":\"wait\",\"id\":\"w\"},\"end\":{\"kind\":\"allSubmitted\"}}]}}")
                .when().post("/api/experiments").then().statusCode(201).extract().path("id");
        given().baseUri(gateway).auth().oauth2(OWNER).when().post("/api/experiments/" + id + "/versions")
                .then().statusCode(201);
        return id;
    }

    private static String participantPass(String gateway, String experiment, String label) {
        String joinPath = given().baseUri(gateway).auth().oauth2(OWNER).contentType(ContentType.JSON)
                .body("{\"experimentId\":\"" + experiment + "\",\"version\":1}")
                .when().post("/api/sessions").then().statusCode(201).extract().path("joinPath");
        String session = joinPath.substring("/join/".length(), joinPath.indexOf('?'));
        String key = joinPath.substring(joinPath.indexOf("key=") + 4);
        return given().baseUri(gateway).contentType(ContentType.JSON)
                .body("{\"sessionId\":\"" + session + "\",\"key\":\"" + key + "\",\"params\":{\"PROLIFIC_PID\":\"" + label + "\"}}")
                .when().post("/api/participants/redeem").then().statusCode(200).extract().path("pass.token");
    }

    /** A small MP4: ftyp, patterned mdat, moov/mvhd (3 s). */
    static InputStream mp4(long mdatBytes) {
        ByteBuffer head = ByteBuffer.allocate(32);
        head.putInt(24).put("ftypisom".getBytes(StandardCharsets.US_ASCII)).putInt(0x200)
                .put("isomiso2".getBytes(StandardCharsets.US_ASCII));
        head.putInt((int) (mdatBytes + 8)).put("mdat".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer tail = ByteBuffer.allocate(116);
        tail.putInt(116).put("moov".getBytes(StandardCharsets.US_ASCII)).putInt(108)
                .put("mvhd".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(0).putInt(0).putInt(1000).putInt(3000);
        byte[] h = head.array();
        byte[] t = tail.array();
        long total = h.length + mdatBytes + t.length;
        return new InputStream() {
            long at;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - at);
                for (int i = 0; i < n; i++, at++) {
                    b[off + i] = at < h.length ? h[(int) at] : at < h.length + mdatBytes ? (byte) (at * 31)
                            : t[(int) (at - h.length - mdatBytes)];
                }
                return n;
            }
        };
    }

    @Test
    void whoMayDoWhatWithAnExperimentsMediaIsExperimentServicesAnswer() {
        String gateway = Platform.get().url(Service.GATEWAY);
        String experiment = experiment(gateway);
        String assets = "/api/media/experiments/" + experiment + "/assets";
        String id = given().baseUri(gateway).auth().oauth2(OWNER).header("X-Asset-Name", "intro.mp4")
                .body(mp4(5000)).when().post(assets).then().statusCode(201).extract().path("id");
        given().baseUri(gateway).auth().oauth2(OWNER).contentType(ContentType.JSON).body("{\"access\":\"viewer\"}")
                .when().put("/api/experiments/" + experiment + "/collaborators/vera").then().statusCode(200);
        String viewer = StaffTokens.experimenter("vera");
        String stranger = StaffTokens.experimenter("stu");

        given().baseUri(gateway).auth().oauth2(viewer).when().get(assets).then().statusCode(200);
        given().baseUri(gateway).auth().oauth2(viewer).when().get(assets + "/" + id + "/content").then().statusCode(200);
        given().baseUri(gateway).auth().oauth2(viewer).body(mp4(10)).when().post(assets).then().statusCode(403);
        given().baseUri(gateway).auth().oauth2(viewer).when().delete(assets + "/" + id).then().statusCode(403);
        given().baseUri(gateway).auth().oauth2(stranger).when().get(assets).then().statusCode(404);
        given().baseUri(gateway).auth().oauth2(stranger).when().get(assets + "/" + id + "/content").then().statusCode(404);
        given().baseUri(gateway).when().get(assets + "/" + id + "/content").then().statusCode(401);

        String pass = participantPass(gateway, experiment, "media-1");
        given().baseUri(gateway).auth().oauth2(pass).header("Range", "bytes=0-31").when().get(assets + "/" + id + "/content")
                .then().statusCode(206);
        given().baseUri(gateway).auth().oauth2(pass).when().get(assets).then().statusCode(403);
        given().baseUri(gateway).auth().oauth2(pass).body(mp4(10)).when().post(assets).then().statusCode(403);
        String otherPass = participantPass(gateway, experiment(gateway), "media-2");
        given().baseUri(gateway).auth().oauth2(otherPass).when().get(assets + "/" + id + "/content").then().statusCode(404);
    }

    @Test
    void aRealVideoElementSeeksInAnAssetByByteRanges() throws Exception {
        Path browserTests = io.hyperstudy.testinfra.ChildProcess.repoRoot().resolve("system-tests/src/test/browser");
        if (!Files.isDirectory(browserTests.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed in " + browserTests
                    + ": run dev/test.sh (it installs Chromium, ffmpeg and the npm packages)");
        }
        Path work = io.hyperstudy.testinfra.ChildProcess.workDir("browser");
        Path video = work.resolve("seek-test.webm");
        run(List.of("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "10",
                "-c:v", "libvpx", "-b:v", "300k", "-deadline", "realtime", "-cpu-used", "8", "-g", "15", video.toString()),
                Map.of(), work.resolve("ffmpeg-seek.log"), browserTests);
        String gateway = Platform.get().url(Service.GATEWAY);
        String experiment = experiment(gateway);
        String assets = "/api/media/experiments/" + experiment + "/assets";
        String id = given().baseUri(gateway).auth().oauth2(OWNER).header("X-Asset-Name", "seek-test.webm")
                .body(Files.readAllBytes(video)).when().post(assets).then().statusCode(201)
                .body("contentType", org.hamcrest.Matchers.equalTo("video/webm")).extract().path("id");
        String link = given().baseUri(gateway).auth().oauth2(OWNER).when().post(assets + "/" + id + "/link")
                .then().statusCode(200).extract().path("url");
        Path log = work.resolve("media-seek.log");
        int exit = run(List.of("node", "media-seek.mjs"), Map.of("LINK_URL", gateway + link, "SEEK_TO", "6.5"), log,
                browserTests);
        String output = Files.readString(log);
        System.out.println(output);
        assertEquals(0, exit, output);
        assertTrue(output.contains("206 bytes"), output);
    }

    private static int run(List<String> command, Map<String, String> env, Path log, Path dir) throws Exception {
        var pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in 2 minutes:\n" + Files.readString(log));
        }
        return p.exitValue();
    }

    @Test
    void a200MegabyteAssetGoesUpAndComesDownWithBoundedMemory() throws Exception {
        Platform platform = Platform.get();
        String gateway = platform.url(Service.GATEWAY);
        String experiment = experiment(gateway);
        String assets = gateway + "/api/media/experiments/" + experiment + "/assets";
        HeapWatch media = new HeapWatch(platform.managementUrl(Service.MEDIA));
        HeapWatch edge = new HeapWatch(platform.managementUrl(Service.GATEWAY));
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        long started = System.nanoTime();
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(assets))
                .header("Authorization", "Bearer " + OWNER).header("X-Asset-Name", "big.mp4")
                // with its length, as a browser sends a File
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.security.DigestInputStream(mp4(BIG), sent)), BIG + 32 + 116))
                .build(), HttpResponse.BodyHandlers.ofString());
        double upSeconds = (System.nanoTime() - started) / 1e9;
        assertEquals(201, created.statusCode(), created.body());
        Matcher idm = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        assertTrue(idm.find());
        String sha = HexFormat.of().formatHex(sent.digest());
        assertTrue(created.body().contains(sha), "the stored checksum is the one sent: " + created.body());

        started = System.nanoTime();
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        HttpResponse<InputStream> download = HTTP.send(HttpRequest.newBuilder(URI.create(assets + "/" + idm.group(1) + "/content"))
                .header("Authorization", "Bearer " + OWNER).build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        try (InputStream in = download.body()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                received.update(buffer, 0, n);
                bytes += n;
            }
        }
        double downSeconds = (System.nanoTime() - started) / 1e9;
        media.stop();
        edge.stop();
        assertEquals(200, download.statusCode());
        assertEquals(sha, HexFormat.of().formatHex(received.digest()), "the same bytes came back");
        long mb = 1024 * 1024;
        // both run with -Xmx128m (Platform): had either held the asset, it would have run out of heap
        System.out.printf("200 MB asset: up %.1f s, down %.1f s (%d bytes); peak heap in use (garbage included) "
                        + "media-service %d MB, gateway %d MB, each capped at 128 MB%n", upSeconds, downSeconds, bytes,
                media.peak() / mb, edge.peak() / mb);
        assertEquals(BIG + 32 + 116, bytes);
    }

    /**
     * A backend that stops reading stops the client's upload: the gateway holds at most its buffers, never
     * the body. The client is Java's default HttpClient, which offers an h2c upgrade with the body; over an
     * upgraded connection the gateway could not push back and filled its heap until it ran out of memory.
     */
    @Test
    void anUploadToAStalledMediaServiceIsHeldBackNotBufferedByTheGateway() throws Exception {
        Platform platform = Platform.get();
        String gateway = platform.url(Service.GATEWAY);
        String assets = gateway + "/api/media/experiments/" + experiment(gateway) + "/assets";
        AtomicLong pulled = new AtomicLong();
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        HttpClient fresh = HttpClient.newHttpClient();
        platform.freeze(Service.MEDIA);
        java.util.concurrent.CompletableFuture<HttpResponse<String>> upload;
        long heldAt;
        try {
            upload = fresh.sendAsync(HttpRequest.newBuilder(URI.create(assets))
                    .header("Authorization", "Bearer " + OWNER).header("X-Asset-Name", "held.mp4")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.FilterInputStream(
                            new java.security.DigestInputStream(mp4(BIG), sent)) {
                        @Override
                        public int read(byte[] b, int off, int len) throws java.io.IOException {
                            int n = super.read(b, off, len);
                            pulled.addAndGet(Math.max(n, 0));
                            return n;
                        }
                    })).build(), HttpResponse.BodyHandlers.ofString());
            // the upload is held once the bytes taken from the client stop growing for a second
            long last = -1;
            long stableSince = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() - stableSince < TimeUnit.SECONDS.toNanos(1) && System.nanoTime() < deadline
                    && !upload.isDone()) {
                Thread.sleep(100);
                long now = pulled.get();
                if (now != last) {
                    last = now;
                    stableSince = System.nanoTime();
                }
            }
            heldAt = pulled.get();
        } finally {
            platform.thaw(Service.MEDIA);
        }
        long mb = 1024 * 1024;
        System.out.printf("a stalled media-service held the 200 MB upload after %d MB had left the client%n", heldAt / mb);
        // socket buffers on the way (client, gateway in and out, media-service) hold a few MB each on loopback
        assertTrue(heldAt < 48 * mb, "the upload was held back, not taken into the gateway: " + heldAt / mb + " MB");
        HttpResponse<String> created = upload.get(60, TimeUnit.SECONDS);
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains(HexFormat.of().formatHex(sent.digest())), created.body());
    }

    /** Samples a service's heap in use (all heap pools, from its Prometheus metrics) every 50 ms. */
    static final class HeapWatch {
        private static final Pattern HEAP = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");
        private final AtomicLong peak = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        HeapWatch(String service) {
            HttpRequest metrics = HttpRequest.newBuilder(URI.create(service + "/q/metrics")).timeout(Duration.ofSeconds(2)).build();
            timer.scheduleAtFixedRate(() -> {
                try {
                    Matcher m = HEAP.matcher(HTTP.send(metrics, HttpResponse.BodyHandlers.ofString()).body());
                    long used = 0;
                    while (m.find()) {
                        used += (long) Double.parseDouble(m.group(1));
                    }
                    peak.accumulateAndGet(used, Math::max);
                } catch (Exception ignored) {
                    // a missed sample
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
        }

        long peak() {
            return peak.get();
        }

        void stop() {
            timer.shutdownNow();
        }
    }
}
