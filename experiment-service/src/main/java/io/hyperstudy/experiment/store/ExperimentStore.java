package io.hyperstudy.experiment.store;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import io.hyperstudy.experiment.domain.Experiment;
import io.hyperstudy.model.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Experiments in Firestore, one document each in {@value #COLLECTION}. */
@ApplicationScoped
public class ExperimentStore {
    public static final String COLLECTION = "experiments";

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    Outbox outbox;

    /** Creates the experiment and records its event, in one transaction. */
    public void create(Experiment e, CloudEvent event) {
        calls.await(firestore.runTransaction(tx -> {
            tx.create(firestore.collection(COLLECTION).document(e.id()), toDocument(e));
            outbox.add(tx, event);
            return null;
        }));
    }

    public Optional<Experiment> find(String id) {
        DocumentSnapshot doc = calls.await(firestore.collection(COLLECTION).document(id).get());
        return doc.exists() ? Optional.of(fromDocument(doc)) : Optional.empty();
    }

    public List<Experiment> listOwnedBy(String ownerId, int limit) {
        return list(firestore.collection(COLLECTION).whereEqualTo("ownerId", ownerId), limit);
    }

    public List<Experiment> listAll(int limit) {
        return list(firestore.collection(COLLECTION), limit);
    }

    /** Deletes the experiment and records its event, in one transaction. */
    public void delete(String id, CloudEvent event) {
        calls.await(firestore.runTransaction(tx -> {
            tx.delete(firestore.collection(COLLECTION).document(id));
            outbox.add(tx, event);
            return null;
        }));
    }

    private List<Experiment> list(Query query, int limit) {
        return calls.await(query.orderBy("createdAt", Query.Direction.DESCENDING).limit(limit).get())
                .getDocuments().stream().map(ExperimentStore::fromDocument).toList();
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
