package io.hyperstudy.experiment.store;

import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.Transaction;
import com.google.cloud.firestore.WriteBatch;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.CloudEventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transactional outbox: an event is written in the same Firestore transaction as the change that
 * raises it, and published later by {@code OutboxRelay}, so a change never commits without its event
 * and an event never leaves for a change that did not commit. Entries are ordered by Firestore's own
 * commit timestamp, which is the order of the transactions, whichever replica ran them; events of one
 * transaction share that timestamp and keep the order they were added in through {@code order}.
 *
 * <p>The pending query needs a composite index (pending, createdAt, order) in production: see
 * firestore.indexes.json.
 */
@ApplicationScoped
public class Outbox {
    public static final String COLLECTION = "outbox";
    private static final AtomicLong ORDER = new AtomicLong();

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    /** Adds the event to the transaction that makes the change. */
    public void add(Transaction tx, CloudEvent event) {
        tx.create(firestore.collection(COLLECTION).document(event.id()), Map.of(
                "aggregateId", event.key(),
                "type", event.type(),
                "payload", new String(CloudEventCodec.encode(event), StandardCharsets.UTF_8),
                "createdAt", FieldValue.serverTimestamp(),
                "order", ORDER.incrementAndGet(),
                "pending", true));
    }

    /** The oldest unsent events, in commit order. */
    public List<CloudEvent> pending(int limit) {
        return calls.await(firestore.collection(COLLECTION).whereEqualTo("pending", true)
                        .orderBy("createdAt", Query.Direction.ASCENDING).orderBy("order", Query.Direction.ASCENDING)
                        .limit(limit).get())
                .getDocuments().stream().map(Outbox::event).toList();
    }

    /** Removes events the broker acknowledged: the outbox holds only what is still to be sent. */
    public void removeSent(List<CloudEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        WriteBatch batch = firestore.batch();
        for (CloudEvent e : events) {
            batch.delete(firestore.collection(COLLECTION).document(e.id()));
        }
        calls.await(batch.commit());
    }

    private static CloudEvent event(QueryDocumentSnapshot doc) {
        return CloudEventCodec.decode(doc.getString("payload").getBytes(StandardCharsets.UTF_8));
    }
}
