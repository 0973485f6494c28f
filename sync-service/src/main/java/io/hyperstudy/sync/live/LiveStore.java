package io.hyperstudy.sync.live;

import io.hyperstudy.model.live.LiveChannel;
import io.hyperstudy.model.live.LiveChat;
import io.hyperstudy.model.live.LiveRoom;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * What experiment-service keeps on the live path in Redis ({@link LiveChannel}): the latest state of a room,
 * read when a socket opens and when this pod looks for changes it may have missed, and a room's chat history.
 */
@ApplicationScoped
public class LiveStore {
    @Inject
    ReactiveRedisDataSource redis;

    public Uni<Optional<LiveRoom>> room(String roomId) {
        return redis.hash(String.class).hget(LiveChannel.roomKey(roomId), "room")
                .map(text -> Optional.ofNullable(text).map(t -> LiveChannel.decode(t, LiveRoom.class)));
    }

    /** The room's stored chat messages, oldest first (at most {@link LiveChannel#CHAT_HISTORY}). */
    public Uni<List<LiveChat>> chat(String roomId) {
        return redis.list(String.class).lrange(LiveChannel.chatKey(roomId), 0, -1)
                .map(texts -> texts.stream().map(t -> LiveChannel.decode(t, LiveChat.class)).toList());
    }
}
