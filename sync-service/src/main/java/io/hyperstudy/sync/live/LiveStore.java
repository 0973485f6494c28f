package io.hyperstudy.sync.live;

import io.hyperstudy.model.live.LiveChannel;
import io.hyperstudy.model.live.LiveChat;
import io.hyperstudy.model.live.LiveRoom;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What experiment-service keeps on the live path in Redis ({@link LiveChannel}): the latest state of a room,
 * read when a socket opens and when this pod looks for changes it may have missed, and a room's chat history.
 * Reads go out pipelined, one pooled connection for many keys: under load a pooled connection is held until
 * a busy event loop takes its reply, so round trips, not Redis, bound how much the pod can ask (bench/README.md).
 */
@ApplicationScoped
public class LiveStore {
    /** How many rooms one pipelined reconcile read asks for. */
    private static final int READ_BATCH = 500;

    @Inject
    ReactiveRedisDataSource redis;

    /** What a socket opening in a room is told: the room's latest state and its chat history. */
    public record Opening(Optional<LiveRoom> room, List<LiveChat> chat) {
    }

    private final Map<String, Uni<Opening>> opening = new ConcurrentHashMap<>();

    public Uni<Optional<LiveRoom>> room(String roomId) {
        return redis.hash(String.class).hget(LiveChannel.roomKey(roomId), "room").map(LiveStore::decodeRoom);
    }

    /**
     * The room's state and chat history (oldest first, at most {@link LiveChannel#CHAT_HISTORY}) in one round
     * trip; the sockets of a room opening together share one read.
     */
    public Uni<Opening> opening(String roomId) {
        return opening.computeIfAbsent(roomId, id -> redis.getRedis().batch(List.of(
                        Request.cmd(Command.HGET).arg(LiveChannel.roomKey(id)).arg("room"),
                        Request.cmd(Command.LRANGE).arg(LiveChannel.chatKey(id)).arg(0).arg(-1)))
                .map(replies -> new Opening(room(replies.get(0)), chat(replies.get(1))))
                .onTermination().invoke(() -> opening.remove(id))
                .memoize().indefinitely());
    }

    /** The latest state of each room asked for that has one, a pipelined read per {@value #READ_BATCH} rooms. */
    public Uni<Map<String, LiveRoom>> rooms(List<String> roomIds) {
        List<Uni<Map<String, LiveRoom>>> reads = new ArrayList<>();
        for (int from = 0; from < roomIds.size(); from += READ_BATCH) {
            List<String> ids = roomIds.subList(from, Math.min(roomIds.size(), from + READ_BATCH));
            reads.add(redis.getRedis().batch(ids.stream()
                            .map(id -> Request.cmd(Command.HGET).arg(LiveChannel.roomKey(id)).arg("room")).toList())
                    .map(replies -> {
                        Map<String, LiveRoom> found = new HashMap<>();
                        for (int i = 0; i < ids.size(); i++) {
                            String id = ids.get(i);
                            room(replies.get(i)).ifPresent(r -> found.put(id, r));
                        }
                        return found;
                    }));
        }
        if (reads.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(reads).andFailFast().map(parts -> {
            Map<String, LiveRoom> all = new HashMap<>();
            parts.forEach(all::putAll);
            return all;
        });
    }

    private static Optional<LiveRoom> room(Response reply) {
        return reply == null ? Optional.empty() : decodeRoom(reply.toString());
    }

    private static Optional<LiveRoom> decodeRoom(String text) {
        return Optional.ofNullable(text).map(t -> LiveChannel.decode(t, LiveRoom.class));
    }

    private static List<LiveChat> chat(Response reply) {
        if (reply == null) {
            return List.of();
        }
        List<LiveChat> chat = new ArrayList<>(reply.size());
        reply.forEach(item -> chat.add(LiveChannel.decode(item.toString(), LiveChat.class)));
        return chat;
    }
}
