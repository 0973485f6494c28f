package io.hyperstudy.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart as the platform team gets it: it lints strictly, renders with each values file under ci/ (the
 * required values, native images, TLS at the ingress, every optional part on) into objects that the
 * Kubernetes API's own models accept, and holds what matters: sync-service a StatefulSet behind a headless
 * Service, probes on the real health paths of the management port, locked-down pods, pinned images, and
 * every setting a service needs set or referenced.
 */
class ChartTest {
    static final List<String> VALUES = List.of("required", "native", "ingress-tls", "everything");
    /** The API model each kind is checked against (client-java-api; ServiceMonitor is a CRD, checked below). */
    static final Map<String, String> MODELS = Map.ofEntries(
            Map.entry("Deployment", "V1Deployment"), Map.entry("StatefulSet", "V1StatefulSet"),
            Map.entry("Service", "V1Service"), Map.entry("ServiceAccount", "V1ServiceAccount"),
            Map.entry("Ingress", "V1Ingress"), Map.entry("HorizontalPodAutoscaler", "V2HorizontalPodAutoscaler"),
            Map.entry("PodDisruptionBudget", "V1PodDisruptionBudget"), Map.entry("ConfigMap", "V1ConfigMap"),
            Map.entry("NetworkPolicy", "V1NetworkPolicy"), Map.entry("PersistentVolumeClaim", "V1PersistentVolumeClaim"));
    /** What each service cannot run without (its README's configuration), set or referenced. */
    static final Map<String, Set<String>> NEEDS = Map.of(
            "gateway", Set.of("QUARKUS_OIDC_AUTH_SERVER_URL", "HYPERSTUDY_GATEWAY_EXPERIMENT_URL",
                    "HYPERSTUDY_GATEWAY_SYNC_URL", "HYPERSTUDY_GATEWAY_MEDIA_URL", "QUARKUS_REDIS_HOSTS",
                    "HYPERSTUDY_BEHIND_PROXY", "HYPERSTUDY_TRUSTED_PROXIES", "HYPERSTUDY_GATEWAY_PORTAL_PROVIDER"),
            "experiment-service", Set.of("QUARKUS_OIDC_AUTH_SERVER_URL", "HYPERSTUDY_OIDC_AUDIENCE",
                    "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_REDIS_HOSTS", "HYPERSTUDY_FIRESTORE_PROJECT_ID",
                    "HYPERSTUDY_PASS_KEY_FILE"),
            "sync-service", Set.of("QUARKUS_OIDC_AUTH_SERVER_URL", "KAFKA_BOOTSTRAP_SERVERS", "QUARKUS_REDIS_HOSTS",
                    "HYPERSTUDY_EXPERIMENT_SERVICE_URL", "HYPERSTUDY_SYNC_POD_ID", "HYPERSTUDY_SYNC_POD_URL",
                    "HYPERSTUDY_SYNC_POD_CAPACITY"),
            "media-service", Set.of("QUARKUS_OIDC_AUTH_SERVER_URL", "KAFKA_BOOTSTRAP_SERVERS",
                    "HYPERSTUDY_FIRESTORE_PROJECT_ID", "HYPERSTUDY_EXPERIMENT_SERVICE_URL", "HYPERSTUDY_MEDIA_STORAGE",
                    "HYPERSTUDY_MEDIA_LINK_KEY", "HYPERSTUDY_LIVEKIT_URL", "HYPERSTUDY_LIVEKIT_API_URL",
                    "HYPERSTUDY_LIVEKIT_API_KEY", "HYPERSTUDY_LIVEKIT_API_SECRET"));

    @ParameterizedTest
    @ValueSource(strings = {"required.yaml", "native.yaml", "ingress-tls.yaml", "everything.yaml"})
    void lintsStrictly(String overlay, @TempDir Path dir) throws Exception {
        LintResult lint = new Helm(Rendered.chartWith(dir, overlay)).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native.yaml", "ingress-tls.yaml", "everything.yaml"})
    void everyObjectIsOneTheKubernetesApiAccepts(String overlay) throws Exception {
        for (Rendered r : List.of(Rendered.of(), Rendered.of(overlay))) {
            for (JsonNode o : r.objects()) {
                String kind = o.path("kind").asText();
                String name = kind + "/" + o.path("metadata").path("name").asText();
                if (kind.equals("ServiceMonitor")) {
                    assertEquals("monitoring.coreos.com/v1", o.path("apiVersion").asText(), name);
                    assertEquals("/q/metrics", o.path("spec").path("endpoints").path(0).path("path").asText(), name);
                    assertEquals("management", o.path("spec").path("endpoints").path(0).path("port").asText(), name);
                    continue;
                }
                String model = MODELS.get(kind);
                assertTrue(model != null, "an object the test does not know: " + name);
                JsonElement json = JsonParser.parseString(o.toString());
                try {
                    Class.forName("io.kubernetes.client.openapi.models." + model)
                            .getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
                } catch (InvocationTargetException refused) {
                    throw new AssertionError(name + " is not a valid " + model + ": " + refused.getCause().getMessage(),
                            refused.getCause());
                }
            }
        }
    }

    @Test
    void syncServiceIsAStatefulSetBehindAHeadlessServiceAndRegistersItsStableName() {
        Rendered r = Rendered.of();
        JsonNode sync = r.get("StatefulSet", "hs-sync-service");
        JsonNode headless = r.get("Service", sync.path("spec").path("serviceName").asText());
        assertEquals("None", headless.path("spec").path("clusterIP").asText());
        assertEquals(sync.path("spec").path("selector").path("matchLabels"), headless.path("spec").path("selector"));
        assertEquals(3, sync.path("spec").path("replicas").asInt());
        JsonNode env = Rendered.container(sync).path("env");
        JsonNode podId = find(env, "HYPERSTUDY_SYNC_POD_ID");
        assertEquals("metadata.name", podId.path("valueFrom").path("fieldRef").path("fieldPath").asText());
        assertEquals("http://$(HYPERSTUDY_SYNC_POD_ID).hs-sync-service-pods.studies.svc:8082",
                find(env, "HYPERSTUDY_SYNC_POD_URL").path("value").asText(), "the address the gateway reaches the pod at");
        // the pod hands its rooms over and exits in about 2 s: its grace period covers that
        assertTrue(sync.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt() >= 5);
        assertTrue(r.ofKind("HorizontalPodAutoscaler").noneMatch(h -> h.path("spec").path("scaleTargetRef")
                .path("name").asText().equals("hs-sync-service")), "sync pods scale on sockets, not on CPU");
    }

    @ParameterizedTest
    @ValueSource(strings = {"required.yaml", "native.yaml", "everything.yaml"})
    void podsAreLockedDownAndProbedOnTheManagementPort(String overlay) {
        Rendered r = Rendered.of(overlay);
        assertEquals(4, r.workloads().count(), r.names().toString());
        r.workloads().forEach(w -> {
            String name = w.path("metadata").path("name").asText();
            JsonNode pod = w.path("spec").path("template").path("spec");
            JsonNode c = Rendered.container(w);
            assertEquals(9000, portNamed(c, "management"), name);
            assertEquals("/q/health/live", c.path("livenessProbe").path("httpGet").path("path").asText(), name);
            assertEquals("/q/health/ready", c.path("readinessProbe").path("httpGet").path("path").asText(), name);
            assertEquals("/q/health/started", c.path("startupProbe").path("httpGet").path("path").asText(), name);
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                assertEquals("management", c.path(probe).path("httpGet").path("port").asText(), name + " " + probe);
            }
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), name);
            assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText(), name);
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), name + ": no API token mounted");
            JsonNode sc = c.path("securityContext");
            assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(), name);
            assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), name);
            assertEquals("ALL", sc.path("capabilities").path("drop").path(0).asText(), name);
            assertTrue(c.path("resources").path("limits").has("memory") && c.path("resources").path("requests").has("cpu"), name);
            String image = c.path("image").asText();
            assertFalse(image.endsWith(":latest") || !(image.contains("@sha256:") || image.matches(".*:[^/]+$")),
                    name + ": a pinned image, not " + image);
            Set<String> env = Set.copyOf(Rendered.envNames(w));
            String service = name.substring("hs-".length());
            for (String needed : NEEDS.get(service)) {
                assertTrue(env.contains(needed), name + " sets or references " + needed + " (has " + env + ")");
            }
            // nothing secret is written into the manifests: keys and secrets come from Secrets
            for (JsonNode e : c.path("env")) {
                String var = e.path("name").asText();
                if (var.equals("GOOGLE_APPLICATION_CREDENTIALS")) {
                    assertTrue(e.path("value").asText().startsWith("/var/run/secrets/"), name + ": a file from a Secret");
                } else if (var.matches(".*(SECRET|LINK_KEY|API_KEY|CREDENTIALS)$") && !var.contains("FIREBASE")) {
                    assertTrue(e.has("valueFrom"), name + ": " + var + " comes from a Secret");
                }
            }
        });
        assertEquals(0, r.ofKind("Secret").count(), "the chart makes no Secret: the operator's are referenced");
    }

    @Test
    void nativeImagesByOneValueAndADigestWhereGiven() {
        Rendered r = Rendered.of("native.yaml");
        r.workloads().forEach(w -> {
            String image = Rendered.container(w).path("image").asText();
            if (w.path("metadata").path("name").asText().equals("hs-gateway")) {
                assertTrue(image.startsWith("hyperstudy/gateway@sha256:"), image);
            } else {
                assertTrue(image.matches("hyperstudy/[a-z-]+:0\\.1\\.0-native"), image);
            }
        });
        assertTrue(Rendered.of().workloads().allMatch(w -> Rendered.container(w).path("image").asText().endsWith(":0.1.0-jvm")));
    }

    @Test
    void theIngressCarriesWebSocketsForHoursAndTerminatesTls() {
        JsonNode ingress = Rendered.of("ingress-tls.yaml").get("Ingress", "hs-gateway");
        assertEquals("nginx", ingress.path("spec").path("ingressClassName").asText());
        JsonNode annotations = ingress.path("metadata").path("annotations");
        assertTrue(annotations.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asInt() >= 3600);
        assertEquals("letsencrypt", annotations.path("cert-manager.io/cluster-issuer").asText());
        assertEquals("hyperstudy-tls", ingress.path("spec").path("tls").path(0).path("secretName").asText());
        JsonNode path = ingress.path("spec").path("rules").path(0).path("http").path("paths").path(0);
        assertEquals("/", path.path("path").asText());
        assertEquals("hs-gateway", path.path("backend").path("service").path("name").asText());
    }

    @Test
    void scalingAndDisruptionBudgets() {
        Rendered r = Rendered.of();
        Set<String> scaled = Set.copyOf(r.ofKind("HorizontalPodAutoscaler")
                .map(h -> h.path("spec").path("scaleTargetRef").path("name").asText()).toList());
        assertEquals(Set.of("hs-gateway", "hs-experiment-service"), scaled);
        assertEquals(4, r.ofKind("PodDisruptionBudget").count());
        // a Deployment under an HPA leaves its replica count to it
        assertFalse(r.get("Deployment", "hs-gateway").path("spec").has("replicas"));
    }

    @Test
    void everyOptionalPartRendersWhenAskedFor() {
        Rendered r = Rendered.of("everything.yaml");
        assertEquals(4, r.ofKind("ServiceMonitor").count());
        assertEquals(4, r.ofKind("NetworkPolicy").count());
        JsonNode gatewayPolicy = r.get("NetworkPolicy", "hs-gateway");
        assertEquals("ingress-nginx", gatewayPolicy.path("spec").path("ingress").path(0).path("from").path(0)
                .path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText(),
                "only the ingress controller reaches the gateway");
        JsonNode syncPolicy = r.get("NetworkPolicy", "hs-sync-service");
        assertEquals("gateway", syncPolicy.path("spec").path("ingress").path(0).path("from").path(0)
                .path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText());
        assertEquals("gateway", syncPolicy.path("spec").path("ingress").path(1).path("from").path(1)
                .path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText(),
                "the gateway reads the services' health and OpenAPI on their management ports");
        assertTrue(r.get("ConfigMap", "hs-dashboard").path("data").path("hyperstudy.json").asText().contains("sync_sockets"));
        assertEquals(1, r.ofKind("PersistentVolumeClaim").count(), "local media storage has its volume");
        assertEquals("hyperstudy-redis", find(Rendered.container(r.get("Deployment", "hs-gateway")).path("env"),
                "QUARKUS_REDIS_HOSTS").path("valueFrom").path("secretKeyRef").path("name").asText());
        assertEquals(5, r.get("StatefulSet", "hs-sync-service").path("spec").path("replicas").asInt());
    }

    @Test
    void aMisspeltOrUnsafeValueIsRefused() {
        // the schema refuses a key it does not know, an image tagged latest, and an unknown flavour
        assertThrows(IllegalStateException.class, () -> Rendered.of(Map.of("gateway.replicsa", 2)));
        assertThrows(IllegalStateException.class, () -> Rendered.of(Map.of("image.tag", "latest")));
        assertThrows(IllegalStateException.class, () -> Rendered.of(Map.of("image.flavor", "graal")));
        // and the chart refuses what cannot work: local media storage on two replicas, a missing required value
        assertThrows(IllegalStateException.class, () -> Rendered.of(Map.of("media.storage", "local")));
        assertThrows(IllegalStateException.class, () -> Rendered.of(Map.of("kafka.bootstrapServers", "")));
    }

    private static JsonNode find(JsonNode env, String name) {
        for (JsonNode e : env) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no " + name + " in " + env);
    }

    private static int portNamed(JsonNode container, String name) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        return -1;
    }
}
