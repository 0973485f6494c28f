package io.hyperstudy.testinfra;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Redis for tests: the one already answering on 127.0.0.1:6379 if there is one (tests use
 * their own key prefixes), otherwise a {@code redis-server} started on a free port.
 */
public final class RedisServer {
    private static String shared;

    public static synchronized String sharedUrl() {
        if (shared == null) {
            shared = Ports.open(6379) ? "redis://127.0.0.1:6379" : startOwn();
        }
        return shared;
    }

    private static String startOwn() {
        int port = Ports.free();
        ChildProcess redis = ChildProcess.start("redis", List.of("redis-server", "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"), Map.of(),
                ChildProcess.workDir("redis").resolve("redis.log"));
        redis.awaitReady(() -> Ports.open(port), Duration.ofSeconds(20));
        return "redis://127.0.0.1:" + port;
    }

    private RedisServer() {
    }
}
