package io.hyperstudy.experiment.store;

import com.google.cloud.firestore.Firestore;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class RelayLeaseTest {

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    /** Two replicas' leases on the shared store, with a clock the test moves. */
    private RelayLease replica(Clock clock) {
        RelayLease lease = new RelayLease();
        lease.firestore = firestore;
        lease.calls = calls;
        lease.clock = clock;
        return lease;
    }

    @Test
    void oneReplicaRelaysAtATimeAndAnotherTakesOverWhenTheLeaseLapses() {
        // far in the future, so the running service's own relay (on the real clock) never holds it then
        Instant t0 = Instant.parse("2100-01-01T00:00:00Z");
        RelayLease a = replica(Clock.fixed(t0, ZoneOffset.UTC));
        RelayLease b = replica(Clock.fixed(t0.plusMillis(1_000), ZoneOffset.UTC));
        assertTrue(a.acquire(5_000));
        assertFalse(b.acquire(5_000), "held by a");
        var written = firestore.document(RelayLease.DOCUMENT);
        long expiry = calls.await(written.get()).getLong("expiresAt");
        a.clock = Clock.fixed(t0.plusMillis(2_000), ZoneOffset.UTC);
        assertTrue(a.acquire(5_000), "a still holds it");
        assertEquals(expiry, calls.await(written.get()).getLong("expiresAt"), "more than half left: not written again");
        a.clock = Clock.fixed(t0.plusMillis(3_000), ZoneOffset.UTC);
        assertTrue(a.acquire(5_000), "a renews its own lease");
        assertEquals(t0.toEpochMilli() + 8_000, calls.await(written.get()).getLong("expiresAt"), "renewed past half");
        b.clock = Clock.fixed(t0.plusMillis(9_000), ZoneOffset.UTC);
        assertTrue(b.acquire(5_000), "b takes over once a's lease lapsed");
        a.clock = Clock.fixed(t0.plusMillis(10_000), ZoneOffset.UTC);
        assertFalse(a.acquire(5_000), "a has lost it");
    }
}
