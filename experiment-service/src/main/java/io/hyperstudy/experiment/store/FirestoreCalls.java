package io.hyperstudy.experiment.store;

import com.google.api.core.ApiFuture;
import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.experiment.platform.RequestRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Firestore call within the configured deadline, so a slow store cannot stall a thread. */
@ApplicationScoped
public class FirestoreCalls {
    @Inject
    ExperimentServiceConfig config;

    public <T> T await(ApiFuture<T> future) {
        try {
            return future.get(config.firestore().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RequestRefused refused) {
                // a transaction function decided against the change: not a store failure
                throw refused;
            }
            if (e.getCause() instanceof com.google.api.gax.rpc.AlreadyExistsException
                    || e.getCause() instanceof com.google.api.gax.rpc.FailedPreconditionException) {
                throw new StoreConflict(e.getCause());
            }
            throw new StoreUnavailableException(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StoreUnavailableException(e);
        }
    }
}
