package io.hyperstudy.testinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points the application at a real Redis. */
public class RedisResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.redis.hosts", RedisServer.sharedUrl());
    }

    @Override
    public void stop() {
    }
}
