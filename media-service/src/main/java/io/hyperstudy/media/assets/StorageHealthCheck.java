package io.hyperstudy.media.assets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the asset store can be written. */
@Readiness
@ApplicationScoped
public class StorageHealthCheck implements HealthCheck {
    @Inject
    AssetStorage storage;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("asset-storage").status(storage.writable()).build();
    }
}
