package io.hyperstudy.experiment.store;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * A lease in Firestore that lets one replica at a time relay the outbox: held while renewed, taken
 * over by another replica once it expires.
 */
@ApplicationScoped
public class RelayLease {
    static final String DOCUMENT = "leases/outbox-relay";
    private final String holder = UUID.randomUUID().toString();

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    Clock clock;

    /** True when this replica holds the lease for the next {@code ttlMillis}. */
    public boolean acquire(long ttlMillis) {
        DocumentReference ref = firestore.document(DOCUMENT);
        return calls.await(firestore.runTransaction(tx -> {
            var current = tx.get(ref).get();
            long now = clock.millis();
            Long expires = current.exists() ? current.getLong("expiresAt") : null;
            String owner = current.exists() ? current.getString("holder") : null;
            if (owner != null && !holder.equals(owner) && expires != null && expires > now) {
                return false;
            }
            tx.set(ref, Map.of("holder", holder, "expiresAt", now + ttlMillis));
            return true;
        }));
    }

    public String holder() {
        return holder;
    }
}
