package io.hyperstudy.gateway.routing;

import io.hyperstudy.gateway.config.GatewayConfig;
import io.hyperstudy.model.live.SyncPods;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which sync pod serves a room (docs/scaling.md): the pod whose lease names the room, or, for a room nobody
 * owns yet (or whose owner is gone), the live pod with the most room left, which claims it when the socket
 * opens. Read from Redis on each room request and kept a second, so a burst of a room's first sockets lands on
 * one pod; forgotten when that pod cannot be reached. With no pod registered (one sync-service without the
 * registry, Redis unreachable), the configured sync-service address. The gateway keeps no other state.
 */
@ApplicationScoped
public class RoomOwners {
    private static final Logger LOG = Logger.getLogger(RoomOwners.class);
    private static final Pattern ROOM_PATH = Pattern.compile("^/(?:ws/rooms|api/sync/rooms)/([^/]+)(?:/.*)?$");
    private static final long CACHE_MS = 1000;
    private static final int MAX_CACHED = 50_000;
    /** Every registered pod still alive, as id, url, sockets, capacity; a pod whose entry expired is dropped. */
    private static final String LIVE_PODS = """
            local out = {}
            for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local h = redis.call('HMGET', ARGV[1] .. id, 'url', 'sockets', 'capacity')
              if h[1] then
                table.insert(out, id); table.insert(out, h[1]); table.insert(out, h[2] or '0'); table.insert(out, h[3] or '1')
              else
                redis.call('SREM', KEYS[1], id)
              end
            end
            return out""";

    record Pod(String id, URI url, long sockets, long capacity) {
    }

    private record Cached(URI url, long at) {
    }

    /** The live pods as last read, and the rooms this gateway placed on each since (their load to come). */
    private record Pods(List<Pod> list, long at, Map<String, Long> placed) {
        Pods(List<Pod> list, long at) {
            this(list, at, new ConcurrentHashMap<>());
        }

        /** The live pod with the most room left, counting what this gateway sent it since the last read. */
        Pod leastLoaded() {
            Pod best = list.stream().min(Comparator.comparingDouble(p -> (p.sockets() + placed.getOrDefault(p.id(), 0L))
                    / (double) Math.max(1, p.capacity()))).orElseThrow();
            placed.merge(best.id(), 1L, Long::sum);
            return best;
        }
    }

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    GatewayConfig config;

    private final Map<String, Cached> owners = new ConcurrentHashMap<>();
    /** Pods found unreachable, until when they are passed over. */
    private final Map<URI, Long> down = new ConcurrentHashMap<>();
    private static final long DOWN_MS = 5_000;
    private volatile Pods pods = new Pods(List.of(), 0);

    /** The room a sync path is about, if it is a room's socket or REST path. */
    static Optional<String> roomOf(String path) {
        Matcher m = ROOM_PATH.matcher(path);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Where the room's requests go now. */
    public Uni<URI> resolve(String roomId) {
        long now = System.currentTimeMillis();
        Cached cached = owners.get(roomId);
        if (cached != null && now - cached.at() < CACHE_MS) {
            return Uni.createFrom().item(cached.url());
        }
        return livePods(now).chain(live -> {
            if (live.isEmpty()) {
                return Uni.createFrom().item(config.syncUrl());
            }
            return redis.execute("GET", SyncPods.ownerKey(roomId)).map(owner -> {
                Optional<Pod> holder = owner == null ? Optional.empty() : live.stream()
                        .filter(p -> p.id().equals(SyncPods.ownerPod(owner.toString()))).findFirst();
                URI url = holder.orElseGet(() -> pods.leastLoaded()).url();
                if (owners.size() > MAX_CACHED) {
                    owners.clear();
                }
                owners.put(roomId, new Cached(url, now));
                return url;
            });
        }).onFailure().recoverWithItem(e -> {
            LOG.debugf("room %s: owner not read (%s); sent to the configured sync-service", roomId, e);
            return config.syncUrl();
        });
    }

    /**
     * The room's pod could not be reached: it is passed over for a few seconds (its registration may outlive
     * it by up to its TTL), and the room's owner and the pod list are read again.
     */
    public void unreachable(String roomId, URI url) {
        down.put(url, System.currentTimeMillis() + DOWN_MS);
        owners.remove(roomId);
        pods = new Pods(pods.list(), 0);
    }

    /**
     * The room's pod sent a socket away to reconnect (it is stopping, or the room is another pod's now): the
     * room's owner and the pod list are read again on its next request, so that the reconnection does not land
     * on the same pod from this gateway's cache (a stopping pod has left the registry before it says so).
     */
    public void moved(String roomId) {
        owners.remove(roomId);
        Pods known = pods;
        if (known.at() != 0) {
            pods = new Pods(known.list(), 0);
        }
    }

    private Uni<List<Pod>> livePods(long now) {
        Pods known = pods;
        if (now - known.at() < CACHE_MS) {
            return Uni.createFrom().item(known.list());
        }
        return redis.execute("EVAL", LIVE_PODS, "1", SyncPods.PODS, SyncPods.podKey("")).map(r -> {
            List<Pod> list = new ArrayList<>();
            down.values().removeIf(until -> until < now);
            for (int i = 0; r != null && i + 3 < r.size(); i += 4) {
                URI url = URI.create(r.get(i + 1).toString());
                if (!down.containsKey(url)) {
                    list.add(new Pod(r.get(i).toString(), url, Long.parseLong(r.get(i + 2).toString()),
                            Long.parseLong(r.get(i + 3).toString())));
                }
            }
            pods = new Pods(List.copyOf(list), now);
            return pods.list();
        });
    }
}
