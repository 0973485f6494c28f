package io.hyperstudy.testinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points media-service's LiveKit API at a {@link LiveKitStandIn}, shared by the test run. */
public class LiveKitResource implements QuarkusTestResourceLifecycleManager {
    private static LiveKitStandIn shared;

    public static synchronized LiveKitStandIn shared() {
        if (shared == null) {
            shared = new LiveKitStandIn();
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("hyperstudy.livekit.api-url", shared().url(),
                "hyperstudy.livekit.api-key", LiveKitStandIn.API_KEY,
                "hyperstudy.livekit.api-secret", LiveKitStandIn.API_SECRET);
    }

    @Override
    public void stop() {
    }
}
