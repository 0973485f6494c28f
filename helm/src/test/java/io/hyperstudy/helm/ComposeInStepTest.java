package io.hyperstudy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker-compose.yml and the chart run the same images with the same settings: every variable compose gives a
 * service the chart gives it too, every variable a service needs in the chart is in compose unless it only
 * makes sense on Kubernetes, and each image is the one the chart deploys by default. The exceptions are named
 * here, each with its reason.
 */
class ComposeInStepTest {
    static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    static final List<String> SERVICES = List.of("gateway", "experiment-service", "sync-service", "media-service");
    /** Set in compose only: one replica on one machine. */
    static final Set<String> COMPOSE_ONLY = Set.of(
            "HYPERSTUDY_PASS_REQUIRE_KEY",          // one replica may sign passes with a key of its own process
            "HYPERSTUDY_MEDIA_REQUIRE_LINK_KEY");   // likewise media links
    /** Set in the chart only: they exist because of Kubernetes, or compose's defaults are right for it. */
    static final Set<String> CHART_ONLY = Set.of(
            "HYPERSTUDY_SYNC_POD_ID", "HYPERSTUDY_SYNC_POD_URL",   // one sync pod: its own name and address
            "HYPERSTUDY_SYNC_POD_CAPACITY", "HYPERSTUDY_SYNC_POD_LEASE_TTL",
            "HYPERSTUDY_BEHIND_PROXY",                             // compose's gateway is the edge, no ingress
            "HYPERSTUDY_PASS_KEY_FILE", "HYPERSTUDY_MEDIA_LINK_KEY",  // see COMPOSE_ONLY
            "HYPERSTUDY_ROLE_CLAIM_PATH",                          // the default (Keycloak's) is compose's
            "HYPERSTUDY_GATEWAY_MANAGEMENT_PORT",                  // 9000 is the default
            "HYPERSTUDY_GATEWAY_MAX_SOCKETS_PER_POD",              // the default
            "HYPERSTUDY_GATEWAY_PORTAL_PROVIDER",                  // oidc, the default
            "HYPERSTUDY_GATEWAY_PORTAL_OIDC_CLIENT_ID", "HYPERSTUDY_GATEWAY_PORTAL_OIDC_SCOPE",  // the defaults
            "HYPERSTUDY_MEDIA_STORAGE", "HYPERSTUDY_MEDIA_MAX_ASSET_BYTES",  // local storage, the default
            "HYPERSTUDY_LIVEKIT_MANAGE_ROOMS",                     // true, the default
            "GOOGLE_APPLICATION_CREDENTIALS",                      // the emulator needs none
            "QUARKUS_HTTP_HOST");                                  // the images' own default

    @Test
    void composeAndTheChartGiveEachServiceTheSameSettings() throws Exception {
        Map<String, Object> compose = compose();
        // the chart rendered the way compose runs: the Firestore emulator, media on a local volume
        Rendered chart = Rendered.of(Map.of("firestore.emulatorHost", "firestore:8087", "media.storage", "local",
                "mediaService.replicas", 1));
        for (String service : SERVICES) {
            JsonNode workload = chart.workloads().filter(w -> w.path("metadata").path("name").asText().equals("hs-" + service))
                    .findFirst().orElseThrow();
            Set<String> inChart = new HashSet<>(Rendered.envNames(workload));
            Set<String> inCompose = environment(compose, service).keySet();
            Set<String> missingFromChart = new TreeSet<>(inCompose);
            missingFromChart.removeAll(inChart);
            missingFromChart.removeAll(COMPOSE_ONLY);
            assertTrue(missingFromChart.isEmpty(), service + ": compose sets what the chart does not: " + missingFromChart);
            Set<String> missingFromCompose = new TreeSet<>(inChart);
            missingFromCompose.removeAll(inCompose);
            missingFromCompose.removeAll(CHART_ONLY);
            assertTrue(missingFromCompose.isEmpty(), service + ": the chart sets what compose does not: " + missingFromCompose);
        }
    }

    @Test
    void composeRunsTheImagesTheChartDeploys() throws Exception {
        Map<String, Object> compose = compose();
        Rendered chart = Rendered.of();
        for (String service : SERVICES) {
            String chartImage = Rendered.container(chart.workloads()
                    .filter(w -> w.path("metadata").path("name").asText().equals("hs-" + service)).findFirst().orElseThrow())
                    .path("image").asText();
            assertEquals(chartImage, service(compose, service).get("image"), service);
        }
    }

    @Test
    void composeItselfIsValid() throws Exception {
        // Debian's docker-compose checks the file without a Docker engine; where it is not installed, skipped
        assumeTrue(onPath("docker-compose"), "docker-compose is not installed");
        Process p = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws Exception {
        try (Reader r = Files.newBufferedReader(COMPOSE)) {
            return (Map<String, Object>) new Yaml().load(r); // SnakeYAML resolves the file's anchors and merge keys
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> compose, String name) {
        return (Map<String, Object>) service(compose, name).get("environment");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
