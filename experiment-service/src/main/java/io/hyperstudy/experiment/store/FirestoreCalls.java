package io.hyperstudy.experiment.store;

import com.google.api.core.ApiFuture;
import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.experiment.platform.RequestRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;

import java.util.List;
import java.util.function.Consumer;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Firestore call within the configured deadline, so a slow store cannot stall a thread. */
@ApplicationScoped
public class FirestoreCalls {
    @Inject
    ExperimentServiceConfig config;

    /**
     * Every document the query finds, page by page ({@code pageSize} at a time, resuming after the last
     * one read), so a large result is never held in memory. The query must be ordered.
     */
    public void forEachPage(Query query, int pageSize, Consumer<QueryDocumentSnapshot> each) {
        QueryDocumentSnapshot last = null;
        while (true) {
            Query page = last == null ? query.limit(pageSize) : query.startAfter(last).limit(pageSize);
            List<QueryDocumentSnapshot> docs = await(page.get()).getDocuments();
            docs.forEach(each);
            if (docs.size() < pageSize) {
                return;
            }
            last = docs.get(docs.size() - 1);
        }
    }

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
