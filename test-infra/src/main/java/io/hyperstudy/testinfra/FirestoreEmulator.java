package io.hyperstudy.testinfra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Cloud Firestore emulator, started through the same {@code dev/firestore.sh} the local platform
 * uses (Google's emulator, or the npm fallback where it is missing), on a free port.
 */
public final class FirestoreEmulator {
    public static final String PROJECT_ID = "hyperstudy-test";
    private static FirestoreEmulator shared;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port = Ports.free();
    private final ChildProcess process;

    private FirestoreEmulator() {
        String script = ChildProcess.repoRoot().resolve("dev/firestore.sh").toString();
        process = ChildProcess.start("firestore", List.of("bash", script, "run", String.valueOf(port)), Map.of(),
                ChildProcess.workDir("firestore-" + port).resolve("emulator.log"));
        process.awaitReady(() -> Ports.open(port), Duration.ofSeconds(90));
    }

    public static synchronized FirestoreEmulator shared() {
        if (shared == null) {
            shared = new FirestoreEmulator();
        }
        return shared;
    }

    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /** Deletes every document of the test project. */
    public void reset() {
        HttpRequest delete = HttpRequest.newBuilder(URI.create("http://" + hostAndPort() + "/emulator/v1/projects/"
                + PROJECT_ID + "/databases/(default)/documents")).DELETE().build();
        try {
            HTTP.send(delete, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reset the Firestore emulator", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
