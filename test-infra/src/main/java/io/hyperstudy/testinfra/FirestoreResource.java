package io.hyperstudy.testinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Points the application at the Firestore emulator. */
public class FirestoreResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("hyperstudy.firestore.project-id", FirestoreEmulator.PROJECT_ID,
                "hyperstudy.firestore.emulator-host", FirestoreEmulator.shared().hostAndPort());
    }

    @Override
    public void stop() {
    }
}
