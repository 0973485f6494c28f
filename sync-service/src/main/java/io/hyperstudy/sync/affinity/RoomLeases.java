package io.hyperstudy.sync.affinity;

import io.hyperstudy.model.live.SyncPods;
import io.hyperstudy.sync.config.SyncConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The rooms this pod owns, each by a lease in Redis with a fencing token (docs/scaling.md). A claim and each
 * renewal are one Lua script, so two pods never both win a room. The pod renews the leases of the rooms it
 * holds sockets of every third of the lease's life; a lease is trusted locally only until its last renewal's
 * start plus the TTL less a margin, on the monotonic clock, so a pod that was paused (or too busy to hear its
 * renewals) past its lease knows on waking, before it sends anything, that the room may be another's: it says
 * nothing in the room until a renewal answers. The room is given up (its sockets are told to reconnect) when
 * the lease names another pod or has gone; a write never lands without the fence (checked in Redis).
 */
@ApplicationScoped
public class RoomLeases {
    private static final Logger LOG = Logger.getLogger(RoomLeases.class);
    /** How long a socket waits for its room's claim or snapshot before it is told to reconnect. */
    public static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    /** {1, fence} when this pod holds the room now; {0, owner} when another does. */
    private static final String CLAIM = """
            local current = redis.call('GET', KEYS[1])
            if current then
              local pod = string.match(current, '^(.*)|[^|]*$')
              if pod == ARGV[1] then
                redis.call('PEXPIRE', KEYS[1], ARGV[2])
                return {1, string.match(current, '|([^|]*)$')}
              end
              return {0, current}
            end
            local fence = redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], 86400000)
            redis.call('SET', KEYS[1], ARGV[1] .. '|' .. fence, 'PX', ARGV[2])
            return {1, tostring(fence)}""";
    /** For each owner key, 1 when it still names this pod's lease (renewed), 0 when not (lost). */
    private static final String RENEW = """
            local out = {}
            local ttl = ARGV[#ARGV]
            for i, key in ipairs(KEYS) do
              if redis.call('GET', key) == ARGV[i] then
                redis.call('PEXPIRE', key, ttl)
                out[i] = 1
              else
                out[i] = 0
              end
            end
            return out""";
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    /** A room this pod owns: the fence of its claim, and until when (monotonic) the lease surely holds. */
    public static final class Lease {
        public final String roomId;
        public final long fence;
        final String value;
        private volatile long validUntilNanos;
        /** Set once the room's snapshot has been read under this lease: its later sockets need not read it. */
        public volatile boolean restored;
        /** When a socket of the room was last seen here (or the room claimed): an idle lease runs out. */
        private volatile long usedAtNanos = System.nanoTime();

        Lease(String roomId, long fence, String pod, long validUntilNanos) {
            this.roomId = roomId;
            this.fence = fence;
            this.value = pod + "|" + fence;
            this.validUntilNanos = validUntilNanos;
        }

        /** Whether this pod may still act for the room: its lease cannot have expired in Redis yet. */
        public boolean valid() {
            return System.nanoTime() - validUntilNanos < 0;
        }
    }

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    MeterRegistry registry;

    @Inject
    PodIdentity pod;

    @Inject
    SyncConfig config;

    @Inject
    Vertx vertx;

    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    private final Map<String, Uni<Optional<Lease>>> claiming = new ConcurrentHashMap<>();
    private volatile Supplier<Set<String>> inUse = Set::of;
    private volatile Consumer<String> onLost = room -> { };
    private volatile long timer = -1;

    /** Which rooms to keep (those with sockets here) and what to do with a room this pod lost. */
    public void watch(Supplier<Set<String>> roomsInUse, Consumer<String> lost) {
        this.inUse = roomsInUse;
        this.onLost = lost;
    }

    private Timer claimsAnswered;
    private Timer claimsFailed;

    @jakarta.annotation.PostConstruct
    void meters() {
        claimsAnswered = claimTimer("answered");
        claimsFailed = claimTimer("failed");
    }

    void start(@Observes StartupEvent started) {
        long every = Math.max(100, config.pod().leaseTtl().toMillis() / 3);
        timer = vertx.setPeriodic(every, id -> renew());
    }

    /**
     * Claims the room for this pod, or finds it held here already (no Redis call while the lease is fresh);
     * empty when another pod owns it.
     */
    public Uni<Optional<Lease>> claim(String roomId) {
        Lease known = held.get(roomId);
        long margin = margin();
        if (known != null && known.valid() && known.validUntilNanos - System.nanoTime() > margin) {
            return Uni.createFrom().item(Optional.of(known));
        }
        // the sockets of a room forming open together: they share one claim rather than each sending its own
        return claiming.computeIfAbsent(roomId, id -> ask(id, margin).onTermination()
                .invoke(() -> claiming.remove(id)).memoize().indefinitely());
    }

    private Uni<Optional<Lease>> ask(String roomId, long margin) {
        long sentAt = System.nanoTime();
        Timer.Sample asked = Timer.start(registry);
        long ttl = config.pod().leaseTtl().toMillis();
        return redis.execute("EVAL", CLAIM, "2", SyncPods.ownerKey(roomId), SyncPods.fenceKey(roomId), pod.id(),
                String.valueOf(ttl))
                // unanswered (Redis unreachable, or this pod far behind): the socket waiting for it is told to
                // reconnect rather than left open and silent; not sooner, as a burst of joins would come back as
                // a burst of reconnections
                .ifNoItem().after(ANSWER_WITHIN).fail()
                .onTermination().invoke((r, failure, cancelled) -> asked.stop(failure == null ? claimsAnswered : claimsFailed))
                .map(r -> {
                    if (r.get(0).toInteger() == 1) {
                        long fence = Long.parseLong(r.get(1).toString());
                        Lease lease = held.compute(roomId, (id, before) -> before != null && before.fence == fence
                                ? before : new Lease(roomId, fence, pod.id(), 0));
                        lease.validUntilNanos = sentAt + TimeUnit.MILLISECONDS.toNanos(ttl) - margin;
                        lease.usedAtNanos = System.nanoTime();
                        return Optional.of(lease);
                    }
                    return Optional.<Lease>empty();
                });
    }

    private Timer claimTimer(String outcome) {
        // from the claim's Redis call to its answer, pool queueing included: what a new room's first socket waits
        return Timer.builder("sync.room.claim").description("Claim of a room's lease in Redis, queueing included")
                .tag("outcome", outcome).publishPercentiles(0.5, 0.99).register(registry);
    }

    /**
     * This pod's lease on the room, valid or not yet confirmed (lapsed locally): a fenced write under it tells
     * whether it still holds (see {@link #confirmed}).
     */
    public Optional<Lease> held(String roomId) {
        return Optional.ofNullable(held.get(roomId));
    }

    /** Redis extended the lease from {@code sentAt} (a fenced write renews it): it may be trusted again. */
    public void confirmed(Lease lease, long sentAt) {
        if (held.get(lease.roomId) == lease) {
            long until = sentAt + TimeUnit.MILLISECONDS.toNanos(config.pod().leaseTtl().toMillis()) - margin();
            if (until - lease.validUntilNanos > 0) {
                lease.validUntilNanos = until;
            }
        }
    }

    public long ttlMillis() {
        return config.pod().leaseTtl().toMillis();
    }

    /** This pod's lease on the room, if it holds one that is still valid. */
    public Optional<Lease> lease(String roomId) {
        Lease l = held.get(roomId);
        return l != null && l.valid() ? Optional.of(l) : Optional.empty();
    }

    /** Gives the room up (it ended, or this pod stops): the next socket may land on any pod at once. */
    public Uni<Void> release(String roomId) {
        Lease l = held.remove(roomId);
        if (l == null) {
            return Uni.createFrom().voidItem();
        }
        // from now on the room may be another's: the sockets still open here are told nothing more
        l.validUntilNanos = System.nanoTime();
        return redis.execute("EVAL", RELEASE, "1", SyncPods.ownerKey(roomId), l.value).replaceWithVoid();
    }

    /**
     * Forgets the room here without releasing it in Redis (this pod dropped what it knew of it): the room's next
     * socket claims it afresh, and reads its snapshot again, whichever pod it lands on.
     */
    public void forget(String roomId) {
        lapse(roomId);
        held.remove(roomId);
    }

    /** What a pause past the lease's local deadline leaves behind (tests play a stalled pod with it). */
    void lapse(String roomId) {
        Lease l = held.get(roomId);
        if (l != null) {
            l.validUntilNanos = System.nanoTime();
        }
    }

    /** Every lease this pod holds, released (a clean stop), within the time given. */
    public void releaseAll(Duration within) {
        vertx.cancelTimer(timer);
        List<Uni<Void>> all = new ArrayList<>();
        for (String room : List.copyOf(held.keySet())) {
            all.add(release(room).onFailure().recoverWithNull());
        }
        if (all.isEmpty()) {
            return;
        }
        try {
            Uni.join().all(all).andCollectFailures().await().atMost(within);
        } catch (RuntimeException e) {
            LOG.warnf("not every lease released (they expire by themselves): %s", e.toString());
        }
    }

    public int size() {
        return held.size();
    }

    private long margin() {
        // the pod's and Redis's clocks may run at slightly different rates, and the reply takes time to come
        return TimeUnit.MILLISECONDS.toNanos(Math.max(200, config.pod().leaseTtl().toMillis() / 6));
    }

    private void renew() {
        Set<String> rooms = inUse.get();
        List<Lease> keep = new ArrayList<>();
        long now = System.nanoTime();
        long idle = TimeUnit.MILLISECONDS.toNanos(config.pod().leaseTtl().toMillis());
        for (Lease l : held.values()) {
            if (rooms.contains(l.roomId)) {
                l.usedAtNanos = now;
            }
            if (now - l.usedAtNanos >= idle) {
                // no socket here for a while: the lease runs out, and the room's next socket may go anywhere
                lost(l);
            } else if (!l.valid() && now - l.validUntilNanos > idle) {
                // no renewal answered for a whole lease's life past its end: Redis is out of reach
                lost(l);
            } else {
                // a lease past its local deadline (the pod was paused, or too busy to hear the last renewal)
                // stays silent, but is asked about once more: if it still names this pod nobody took the
                // room, and it carries on instead of sending every socket away; if not, the room is lost
                keep.add(l);
            }
        }
        if (keep.isEmpty()) {
            return;
        }
        long ttl = config.pod().leaseTtl().toMillis();
        List<String> args = new ArrayList<>(List.of("EVAL", RENEW, String.valueOf(keep.size())));
        keep.forEach(l -> args.add(SyncPods.ownerKey(l.roomId)));
        keep.forEach(l -> args.add(l.value));
        args.add(String.valueOf(ttl));
        long sentAt = System.nanoTime();
        redis.execute(args.get(0), args.subList(1, args.size()).toArray(String[]::new)).subscribe().with(r -> {
            long until = sentAt + TimeUnit.MILLISECONDS.toNanos(ttl) - margin();
            for (int i = 0; i < keep.size(); i++) {
                Lease l = keep.get(i);
                if (r.get(i).toInteger() == 1) {
                    l.validUntilNanos = until;
                } else {
                    LOG.debugf("room %s: lease %d not renewed, %d ms after the renewal was sent", l.roomId, l.fence,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt));
                    lost(l);
                }
            }
        }, e -> LOG.debugf("leases not renewed: %s", e));
    }

    private void lost(Lease l) {
        if (held.remove(l.roomId, l)) {
            LOG.debugf("room %s: lease %d given up", l.roomId, l.fence);
            onLost.accept(l.roomId);
        }
    }
}
