package io.hyperstudy.sync.access;

import io.hyperstudy.sync.config.SyncConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Participants who have left a room for good (dropped, withdrawn, ended, completed). Their pass may
 * still name the room until it expires, so the room remembers them in Redis, where every pod sees it,
 * for longer than any pass lives, and refuses them a socket.
 */
@ApplicationScoped
public class DepartedParticipants {
    static final String PREFIX = "sync:departed:";

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    SyncConfig config;

    public Uni<Void> remember(String roomId, String participantId) {
        return redis.value(String.class).set(key(roomId, participantId), "1",
                new SetArgs().px(config.departureMemory()));
    }

    public Uni<Boolean> departed(String roomId, String participantId) {
        return redis.value(String.class).get(key(roomId, participantId)).map(v -> v != null);
    }

    private static String key(String roomId, String participantId) {
        return PREFIX + roomId + ":" + participantId;
    }
}
