package io.hyperstudy.experiment.store;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.experiment.domain.Experiment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Experiments in Firestore, one document each in {@value #COLLECTION}. */
@ApplicationScoped
public class ExperimentStore {
    public static final String COLLECTION = "experiments";

    @Inject
    Firestore firestore;

    @Inject
    ExperimentServiceConfig config;

    public void create(Experiment e) {
        await(firestore.collection(COLLECTION).document(e.id()).create(toDocument(e)));
    }

    public Optional<Experiment> find(String id) {
        DocumentSnapshot doc = await(firestore.collection(COLLECTION).document(id).get());
        return doc.exists() ? Optional.of(fromDocument(doc)) : Optional.empty();
    }

    public List<Experiment> listOwnedBy(String ownerId, int limit) {
        return list(firestore.collection(COLLECTION).whereEqualTo("ownerId", ownerId), limit);
    }

    public List<Experiment> listAll(int limit) {
        return list(firestore.collection(COLLECTION), limit);
    }

    public void delete(String id) {
        await(firestore.collection(COLLECTION).document(id).delete());
    }

    private List<Experiment> list(Query query, int limit) {
        return await(query.orderBy("createdAt", Query.Direction.DESCENDING).limit(limit).get())
                .getDocuments().stream().map(ExperimentStore::fromDocument).toList();
    }

    private <T> T await(com.google.api.core.ApiFuture<T> future) {
        try {
            return future.get(config.firestore().timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof com.google.api.gax.rpc.AlreadyExistsException conflict) {
                throw new IllegalStateException("document exists", conflict);
            }
            throw new StoreUnavailableException(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StoreUnavailableException(e);
        }
    }

    private static Map<String, Object> toDocument(Experiment e) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("ownerId", e.ownerId());
        doc.put("title", e.title());
        doc.put("description", e.description());
        doc.put("revision", e.revision());
        doc.put("createdAt", Timestamp.ofTimeSecondsAndNanos(e.createdAt().getEpochSecond(), e.createdAt().getNano()));
        doc.put("updatedAt", Timestamp.ofTimeSecondsAndNanos(e.updatedAt().getEpochSecond(), e.updatedAt().getNano()));
        return doc;
    }

    private static Experiment fromDocument(DocumentSnapshot d) {
        Long revision = d.getLong("revision");
        return new Experiment(d.getId(), d.getString("ownerId"), d.getString("title"), d.getString("description"),
                revision == null ? 0 : revision, d.getTimestamp("createdAt").toDate().toInstant(),
                d.getTimestamp("updatedAt").toDate().toInstant());
    }
}
