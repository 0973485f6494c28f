package io.hyperstudy.sync.affinity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.model.live.SyncPods;
import io.hyperstudy.sync.timeline.RoomTimeline;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each room's timeline, written to Redis under the owner's fence before the change is told to anyone, so that
 * whichever pod owns the room next resumes it exactly (docs/scaling.md). Writes of one room go out one after
 * another, so the change announced last is the one stored last.
 */
@ApplicationScoped
public class Snapshots {
    private static final Logger LOG = Logger.getLogger(Snapshots.class);
    /** Ended rooms' snapshots are deleted; one left by a pod that died goes after a day. */
    private static final String KEEP_MS = String.valueOf(24 * 3600 * 1000);
    /** Stores the snapshot only under the writer's lease, and extends that lease: a write is a renewal too. */
    private static final String WRITE = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1""";

    /** How a write went: stored under this pod's lease; refused (the lease names another); Redis did not answer. */
    public enum Written { STORED, FENCED_OUT, UNKNOWN }

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Inject
    RoomLeases leases;

    private final Map<String, CompletableFuture<Written>> tails = new ConcurrentHashMap<>();

    /** Writes after every earlier write of the room; completes with how it went. */
    public CompletionStage<Written> write(RoomLeases.Lease lease, RoomTimeline timeline, long seq, long stateSeq,
                                          boolean waitForBuffering, boolean held) {
        String body;
        try {
            body = json.writeValueAsString(RoomSnapshot.of(timeline, seq, stateSeq, waitForBuffering, held, lease.fence));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return tails.compute(lease.roomId, (room, before) -> (before == null
                ? CompletableFuture.completedFuture(Written.STORED) : before)
                .thenCompose(previous -> Uni.createFrom().item(System::nanoTime).chain(sentAt -> redis.execute("EVAL",
                                WRITE, "2", SyncPods.ownerKey(room), SyncPods.snapshotKey(room), lease.value, body, KEEP_MS,
                                String.valueOf(leases.ttlMillis()))
                        .map(r -> {
                            if (r.toInteger() != 1) {
                                return Written.FENCED_OUT;
                            }
                            leases.confirmed(lease, sentAt);
                            return Written.STORED;
                        }))
                        .onFailure().recoverWithItem(e -> {
                            LOG.debugf("room %s: snapshot %d not written: %s", room, seq, e);
                            return Written.UNKNOWN;
                        })
                        .subscribeAsCompletionStage()));
    }

    /**
     * Runs {@code then} once the room's writes so far are done (at once when none is pending), so that what
     * follows a timeline change (the room frame of the same decision) is told after it.
     */
    public void afterWrites(String roomId, Runnable then) {
        CompletableFuture<Written> tail = tails.get(roomId);
        if (tail == null || tail.isDone()) {
            then.run();
        } else {
            tail.whenComplete((w, e) -> then.run());
        }
    }

    /** The room's last stored timeline; fails when Redis has not answered in {@link RoomLeases#ANSWER_WITHIN}. */
    public Uni<Optional<RoomSnapshot>> read(String roomId) {
        return redis.execute("GET", SyncPods.snapshotKey(roomId))
                .ifNoItem().after(RoomLeases.ANSWER_WITHIN).fail().map(r -> {
            if (r == null) {
                return Optional.<RoomSnapshot>empty();
            }
            try {
                return Optional.of(json.readValue(r.toString(), RoomSnapshot.class));
            } catch (JsonProcessingException e) {
                LOG.warnf("room %s: snapshot unreadable, started afresh: %s", roomId, e.getMessage());
                return Optional.<RoomSnapshot>empty();
            }
        });
    }

    /** The room ended: its snapshot goes, and its queue of writes. */
    public void remove(String roomId) {
        CompletableFuture<Written> tail = tails.remove(roomId);
        CompletableFuture<Written> after = tail == null ? CompletableFuture.completedFuture(Written.STORED) : tail;
        after.whenComplete((w, e) -> redis.execute("DEL", SyncPods.snapshotKey(roomId)).subscribe().with(ok -> { },
                failure -> LOG.debugf("room %s: snapshot not deleted: %s", roomId, failure)));
    }

    /** Forgets the room's queue (this pod no longer owns it); its snapshot stays for the next owner. */
    public void forget(String roomId) {
        tails.remove(roomId);
    }
}
