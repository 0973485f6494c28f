package io.hyperstudy.experiment.store;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Precondition;
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
    static final int ATTEMPTS = 5;
    private final String holder = UUID.randomUUID().toString();
    /** When the lease this replica last wrote lapses (0: not held). */
    private volatile long heldUntil;

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    Clock clock;

    /**
     * True when this replica holds the lease for the next {@code ttlMillis}. Optimistic, not a
     * transaction: it writes only if the lease document is unchanged since it was read (or still absent),
     * so no lock is ever held, and a call that times out leaves nothing blocked behind it. While more than
     * half of the lease it holds is left, it is not renewed: the relay runs on every decision, and a read and
     * a write each time would be most of its store traffic.
     */
    public boolean acquire(long ttlMillis) {
        if (clock.millis() < heldUntil - ttlMillis / 2) {
            return true;
        }
        // someone else writing between our read and our write is not a verdict: read again and decide again
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Boolean decided = tryAcquire(ttlMillis);
            if (decided != null) {
                return decided;
            }
        }
        return false;
    }

    /** True or false when decided; null when the document changed under us. */
    private Boolean tryAcquire(long ttlMillis) {
        DocumentReference ref = firestore.document(DOCUMENT);
        DocumentSnapshot current = calls.await(ref.get());
        long now = clock.millis();
        Long expires = current.exists() ? current.getLong("expiresAt") : null;
        String owner = current.exists() ? current.getString("holder") : null;
        if (owner != null && !holder.equals(owner) && expires != null && expires > now) {
            heldUntil = 0;
            return false;
        }
        Map<String, Object> lease = Map.of("holder", holder, "expiresAt", now + ttlMillis);
        try {
            if (current.exists()) {
                calls.await(ref.update(lease, Precondition.updatedAt(current.getUpdateTime())));
            } else {
                calls.await(ref.create(lease));
            }
            heldUntil = now + ttlMillis;
            return true;
        } catch (StoreConflict changedMeanwhile) {
            return null;
        }
    }

    public String holder() {
        return holder;
    }
}
