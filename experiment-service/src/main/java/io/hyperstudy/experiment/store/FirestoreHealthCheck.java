package io.hyperstudy.experiment.store;

import com.google.cloud.firestore.Firestore;
import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.TimeUnit;

/** Ready only while the store answers a read. */
@Readiness
@ApplicationScoped
public class FirestoreHealthCheck implements HealthCheck {

    @Inject
    Firestore firestore;

    @Inject
    ExperimentServiceConfig config;

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("firestore").withData("project", config.firestore().projectId());
        try {
            firestore.collection(ExperimentStore.COLLECTION).limit(1).get().get(2, TimeUnit.SECONDS);
            return builder.up().build();
        } catch (Exception e) {
            return builder.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
