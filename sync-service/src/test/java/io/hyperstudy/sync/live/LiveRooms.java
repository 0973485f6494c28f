package io.hyperstudy.sync.live;

import io.hyperstudy.model.live.LiveChannel;
import io.hyperstudy.model.live.LiveRoom;
import io.quarkus.redis.datasource.RedisDataSource;

/** A room's live state written as experiment-service's RoomBroadcast writes it: stored if newer, then announced. */
public final class LiveRooms {
    private LiveRooms() {
    }

    /** Stored under the room's key only (its announcement never comes). */
    public static void store(RedisDataSource redis, LiveRoom live) {
        redis.execute("EVAL", LiveChannel.SET_IF_NEWER, "1", LiveChannel.roomKey(live.roomId()),
                String.valueOf(live.seq()), LiveChannel.encode(live), "60000");
    }

    public static void publish(RedisDataSource redis, LiveRoom live) {
        store(redis, live);
        redis.execute("PUBLISH", LiveChannel.CHANNEL, LiveChannel.encode(new LiveChannel.Message(live, null)));
    }
}
