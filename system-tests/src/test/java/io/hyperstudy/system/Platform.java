package io.hyperstudy.system;

import io.hyperstudy.testinfra.ChildProcess;
import io.hyperstudy.testinfra.CloudStorageStandIn;
import io.hyperstudy.testinfra.FirestoreEmulator;
import io.hyperstudy.testinfra.KafkaBroker;
import io.hyperstudy.testinfra.FirebaseAuthStandIn;
import io.hyperstudy.testinfra.LiveKitStandIn;
import io.hyperstudy.testinfra.Ports;
import io.hyperstudy.testinfra.RedisServer;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform for system tests: real Kafka, Redis, the Firestore emulator and an OIDC server,
 * and the four services started from their packaged jars as separate processes, wired as in
 * production (environment variables only, prod profile).
 */
public final class Platform {
    public enum Service {
        EXPERIMENT("experiment-service", 256), SYNC("sync-service", 256),
        // the two that stream media run on small heaps, so a buffered 200 MB asset could not pass through them
        MEDIA("media-service", 128), GATEWAY("gateway", 128);

        final String module;
        final int heapMb;

        Service(String module, int heapMb) {
            this.module = module;
            this.heapMb = heapMb;
        }
    }

    /** Where call tokens send browsers: no SFU listens there (no LiveKit server can run here). */
    static final String LIVEKIT_URL = "ws://127.0.0.1:7880";
    /** LiveKit's room API, spoken by a stand-in (no LiveKit server can run here); its key signs call tokens too. */
    private final LiveKitStandIn liveKit = new LiveKitStandIn();

    /** Firebase Storage's API, spoken by a stand-in (no emulator can run here): LiveKit's egress uploads recordings to it. */
    private final CloudStorageStandIn bucket = new CloudStorageStandIn("hyperstudy-system.firebasestorage.app");

    /**
     * Firebase Authentication's sign-in API, spoken by a stand-in that signs its ID tokens (Firebase's Auth
     * emulator signs none, which the services rightly refuse): the portal's Firebase sign-in is tested on it.
     */
    private final FirebaseAuthStandIn firebaseAuth = new FirebaseAuthStandIn();

    /** Short, so that the slow-backend test does not wait long for its 504. */
    public static final Duration GATEWAY_READ_TIMEOUT = Duration.ofSeconds(3);
    private static Platform instance;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, Integer> managementPorts = new EnumMap<>(Service.class);
    private final Map<Service, ChildProcess> processes = new EnumMap<>(Service.class);
    private final Map<String, String> infraEnv = new HashMap<>();
    private final Path mediaDir = ChildProcess.workDir("media-store");
    private final Path root = ChildProcess.repoRoot();

    public static synchronized Platform get() {
        if (instance == null) {
            instance = new Platform();
            instance.startAll();
        }
        return instance;
    }

    private void startAll() {
        try {
            Keycloak.ensureRunning();
        } catch (Exception e) {
            throw new IllegalStateException("Keycloak (the portal's sign-in) cannot start", e);
        }
        var oidc = new OidcWiremockTestResource().start();
        infraEnv.put("QUARKUS_OIDC_AUTH_SERVER_URL", oidc.get("keycloak.url") + "/realms/quarkus");
        infraEnv.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.shared().bootstrapServers());
        infraEnv.put("QUARKUS_REDIS_HOSTS", RedisServer.sharedUrl());
        infraEnv.put("HYPERSTUDY_FIRESTORE_PROJECT_ID", FirestoreEmulator.PROJECT_ID);
        infraEnv.put("HYPERSTUDY_FIRESTORE_EMULATOR_HOST", FirestoreEmulator.shared().hostAndPort());
        infraEnv.put("HYPERSTUDY_MEDIA_STORAGE_DIR", mediaDir.toString());
        infraEnv.put("HYPERSTUDY_PASS_KEY_FILE", passKey().toString());
        infraEnv.put("HYPERSTUDY_LIVEKIT_URL", LIVEKIT_URL);
        infraEnv.put("HYPERSTUDY_LIVEKIT_API_URL", liveKit.url());
        infraEnv.put("HYPERSTUDY_LIVEKIT_API_KEY", LiveKitStandIn.API_KEY);
        infraEnv.put("HYPERSTUDY_LIVEKIT_API_SECRET", LiveKitStandIn.API_SECRET);
        byte[] linkKey = new byte[32];
        new java.security.SecureRandom().nextBytes(linkKey);
        infraEnv.put("HYPERSTUDY_MEDIA_LINK_KEY", java.util.Base64.getEncoder().encodeToString(linkKey));
        for (Service s : Service.values()) {
            ports.put(s, Ports.free());
            managementPorts.put(s, Ports.free());
        }
        infraEnv.put("HYPERSTUDY_EXPERIMENT_SERVICE_URL", url(Service.EXPERIMENT));
        // LiveKit's webhooks reach media-service through the gateway, as through the ingress in production;
        // its egress uploads recordings to the platform's bucket, from which media-service serves them
        infraEnv.put("HYPERSTUDY_MEDIA_STORAGE_HOST", bucket.url());
        infraEnv.put("HYPERSTUDY_LIVEKIT_RECORDING_BUCKET", bucket.bucket());
        liveKit.uploadsTo(bucket);
        liveKit.webhooks().sendTo(java.net.URI.create(url(Service.GATEWAY) + "/webhooks/livekit"));
        for (Service s : Service.values()) {
            start(s);
        }
        for (Service s : Service.values()) {
            awaitReady(s);
        }
    }

    public synchronized void start(Service s) {
        processes.put(s, startService(s, s.module, ports.get(s), managementPorts.get(s), Map.of()));
    }

    /** A sync-service pod beside the platform's: the same Redis, Kafka and experiment-service; its own id and port. */
    public record SyncPod(String id, String url, ChildProcess process) {
        public void kill() {
            process.kill();
        }

        /** SIGTERM: a planned stop, waited for. */
        public void stop() {
            process.stop();
        }

        /** SIGTERM, not waited for: the stop begins. */
        public void terminate() {
            process.signal("TERM");
        }

        public void freeze() {
            process.signal("STOP");
        }

        public void thaw() {
            process.signal("CONT");
        }
    }

    /** Starts another sync-service pod named {@code id} and waits until it is ready. */
    public synchronized SyncPod startSyncPod(String id) {
        Extra pod = startExtra(Service.SYNC, id, url -> Map.of("HYPERSTUDY_SYNC_POD_ID", id, "HYPERSTUDY_SYNC_POD_URL", url));
        return new SyncPod(id, pod.url(), pod.process());
    }

    /** Starts another experiment-service replica named {@code name} (its own ports, the same stores) and waits. */
    public synchronized String startExperimentReplica(String name) {
        return startExtra(Service.EXPERIMENT, name, url -> Map.of()).url();
    }

    /** A process started beside the platform's own: its address and the process. */
    private record Extra(String url, ChildProcess process) {
    }

    /**
     * Starts one more process of a service on free ports, with the platform's environment and the settings
     * {@code extra} gives for its address, and waits until it is ready.
     */
    private Extra startExtra(Service s, String name, java.util.function.Function<String, Map<String, String>> extra) {
        int port = Ports.free();
        int management = Ports.free();
        String url = "http://127.0.0.1:" + port;
        ChildProcess process = startService(s, name, port, management, extra.apply(url));
        String health = "http://127.0.0.1:" + management + "/q/health/ready";
        process.awaitReady(() -> answers(health), Duration.ofSeconds(90));
        return new Extra(url, process);
    }

    private ChildProcess startService(Service s, String name, int port, int management, Map<String, String> extra) {
        Path jar = root.resolve(s.module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn verify does)");
        }
        Map<String, String> env = new HashMap<>(infraEnv);
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(management));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("HYPERSTUDY_GATEWAY_EXPERIMENT_URL", url(Service.EXPERIMENT));
        env.put("HYPERSTUDY_GATEWAY_SYNC_URL", url(Service.SYNC));
        env.put("HYPERSTUDY_GATEWAY_MEDIA_URL", url(Service.MEDIA));
        env.put("HYPERSTUDY_GATEWAY_EXPERIMENT_MANAGEMENT_URL", managementUrl(Service.EXPERIMENT));
        env.put("HYPERSTUDY_GATEWAY_SYNC_MANAGEMENT_URL", managementUrl(Service.SYNC));
        env.put("HYPERSTUDY_GATEWAY_MEDIA_MANAGEMENT_URL", managementUrl(Service.MEDIA));
        env.put("HYPERSTUDY_GATEWAY_READ_TIMEOUT", GATEWAY_READ_TIMEOUT.toSeconds() + "s");
        env.put("HYPERSTUDY_GATEWAY_PORTAL_OIDC_ISSUER", Keycloak.ISSUER);
        // the tests stand where the ingress stands: they say which client address a request comes from
        env.put("HYPERSTUDY_BEHIND_PROXY", "true");
        env.putAll(extra);
        List<String> command = new java.util.ArrayList<>(List.of(ChildProcess.java(), "-Xmx" + s.heapMb + "m",
                "-XX:+UseSerialGC"));
        if (s != Service.GATEWAY) {
            command.addAll(keycloakTenant());
            command.addAll(firebaseTenant());
        }
        command.addAll(List.of("-jar", jar.toString()));
        return ChildProcess.start(name, command, env, ChildProcess.workDir("logs").resolve(name + ".log"));
    }

    /**
     * Staff tokens from the real Keycloak (the portal signs in there) are accepted beside the test OIDC server's,
     * by a second tenant chosen by the token's issuer; in production a service has one staff issuer.
     */
    private static List<String> keycloakTenant() {
        String t = "-Dquarkus.oidc.keycloak.";
        return List.of("-Dquarkus.oidc.resolve-tenants-with-issuer=true",
                t + "auth-server-url=" + Keycloak.ISSUER,
                t + "application-type=service",
                t + "token.audience=hyperstudy",
                t + "token.principal-claim=sub",
                t + "roles.role-claim-path=realm_access/roles");
    }

    /**
     * Firebase Authentication's ID tokens (the stand-in's) are accepted too, by a third tenant: issuer
     * https://securetoken.google.com/<project>, audience the project id, roles a custom claim, as a deployment on
     * Firebase configures its one staff tenant; the keys come from the stand-in rather than Google.
     */
    private List<String> firebaseTenant() {
        String t = "-Dquarkus.oidc.firebase.";
        return List.of(t + "auth-server-url=" + firebaseAuth.url(),
                t + "discovery-enabled=false",
                t + "jwks-path=jwks",
                t + "application-type=service",
                t + "token.issuer=" + FirebaseAuthStandIn.ISSUER,
                t + "token.audience=" + FirebaseAuthStandIn.PROJECT_ID,
                t + "token.principal-claim=sub",
                t + "roles.role-claim-path=roles");
    }

    public FirebaseAuthStandIn firebaseAuth() {
        return firebaseAuth;
    }

    private String secondGateway;
    private String firebaseGateway;

    /**
     * A second gateway replica beside the first, sharing its backends and Redis (started on first use): what
     * one replica counts, the other sees.
     */
    public synchronized String secondGateway() {
        if (secondGateway == null) {
            secondGateway = extraGateway("gateway-2", Map.of());
        }
        return secondGateway;
    }

    /** A gateway whose portal signs staff in with Firebase Authentication (the stand-in), started on first use. */
    public synchronized String firebaseGateway() {
        if (firebaseGateway == null) {
            firebaseGateway = extraGateway("gateway-firebase", Map.of(
                    "HYPERSTUDY_GATEWAY_PORTAL_PROVIDER", "firebase",
                    "HYPERSTUDY_GATEWAY_PORTAL_FIREBASE_API_KEY", FirebaseAuthStandIn.API_KEY,
                    "HYPERSTUDY_GATEWAY_PORTAL_FIREBASE_PROJECT_ID", FirebaseAuthStandIn.PROJECT_ID,
                    "HYPERSTUDY_GATEWAY_PORTAL_FIREBASE_AUTH_DOMAIN", FirebaseAuthStandIn.PROJECT_ID + ".firebaseapp.com",
                    "HYPERSTUDY_GATEWAY_PORTAL_FIREBASE_EMULATOR_URL", firebaseAuth.url()));
        }
        return firebaseGateway;
    }

    private String extraGateway(String name, Map<String, String> extra) {
        return startExtra(Service.GATEWAY, name, url -> extra).url();
    }

    public synchronized void awaitReady(Service s) {
        processes.get(s).awaitReady(() -> ready(s), Duration.ofSeconds(90));
    }

    public synchronized void stop(Service s) {
        processes.get(s).stop();
    }

    /** Freezes a service (SIGSTOP): its port still accepts connections but nothing answers. */
    /** SIGTERM to a service, not waited for: a planned stop begins. */
    public void terminate(Service s) {
        signal(s, "TERM");
    }

    public void freeze(Service s) {
        signal(s, "STOP");
    }

    public void thaw(Service s) {
        signal(s, "CONT");
    }

    private void signal(Service s, String signal) {
        processes.get(s).signal(signal);
    }

    /** The key experiment-service signs passes with, in a file as production mounts it, so it survives restarts. */
    private static Path passKey() {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
            Path file = ChildProcess.workDir("secrets").resolve("pass-key.pem");
            Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                    + "\n-----END PRIVATE KEY-----\n");
            return file;
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public LiveKitStandIn liveKit() {
        return liveKit;
    }

    public String url(Service s) {
        return "http://127.0.0.1:" + ports.get(s);
    }

    /** Where a service's health, metrics and OpenAPI are: its management interface, as in production. */
    public String managementUrl(Service s) {
        return "http://127.0.0.1:" + managementPorts.get(s);
    }

    public URI gatewayWs(String path) {
        return URI.create("ws://127.0.0.1:" + ports.get(Service.GATEWAY) + path);
    }

    public Path mediaDir() {
        return mediaDir;
    }

    private boolean ready(Service s) {
        return answers(managementUrl(s) + "/q/health/ready");
    }

    private static boolean answers(String health) {
        try {
            var answer = HTTP.send(HttpRequest.newBuilder(URI.create(health))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
