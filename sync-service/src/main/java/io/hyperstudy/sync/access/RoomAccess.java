package io.hyperstudy.sync.access;

import io.hyperstudy.sync.config.SyncConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What staff may do in a room. experiment-service owns experiments and their sharing, so it is asked,
 * with the caller's own token, as media-service does; answers are reused for a short while (a reload
 * or a second tab does not ask again). An admin may do everything. If experiment-service cannot answer,
 * the caller is refused (fail closed): watching a room is never granted by guess.
 */
@ApplicationScoped
public class RoomAccess {
    private static final Logger LOG = Logger.getLogger(RoomAccess.class);
    private static final int CACHE_LIMIT = 10_000;

    @Inject
    @RestClient
    ExperimentRooms rooms;

    @Inject
    SyncConfig config;

    private final Clock clock = Clock.systemUTC();

    private record Cached(StaffAccess access, long until) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public static boolean isStaff(SecurityIdentity identity) {
        return identity.hasRole("admin") || identity.hasRole("experimenter");
    }

    public Uni<StaffAccess> of(SecurityIdentity identity, String roomId) {
        if (identity.hasRole("admin")) {
            return Uni.createFrom().item(StaffAccess.STEER);
        }
        if (!identity.hasRole("experimenter") || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getRawToken() == null) {
            return Uni.createFrom().item(StaffAccess.NONE);
        }
        // keyed by the token: its holder's access, as long as the answer is fresh
        String key = jwt.getRawToken() + "\n" + roomId;
        long now = clock.millis();
        Cached hit = cache.get(key);
        if (hit != null && hit.until() > now) {
            return Uni.createFrom().item(hit.access());
        }
        return ask("Bearer " + jwt.getRawToken(), roomId).invoke(access -> {
            if (cache.size() > CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(key, new Cached(access, now + config.accessCacheTtl().toMillis()));
        });
    }

    private Uni<StaffAccess> ask(String authorization, String roomId) {
        return rooms.room(authorization, roomId)
                .map(room -> StaffAccess.ofExperimentAccess(room.access()))
                .onFailure(ExperimentRooms.NotVisible.class).recoverWithItem(StaffAccess.NONE)
                .onFailure(e -> !(e instanceof ExperimentRooms.NotVisible)).invoke(e ->
                        LOG.warnf("cannot ask experiment-service about room %s: %s", roomId, e.toString()));
    }
}
