package io.hyperstudy.experiment.waiting;

import io.hyperstudy.model.live.LiveChannel;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ZAddArgs;
import io.quarkus.redis.datasource.value.SetArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * The waiting room and participant presence, in Redis so that every replica sees the same queue.
 * <ul>
 *   <li>{@code hs:waiting:<session>}: waiting participants scored by arrival time (their place in line);
 *   <li>{@code hs:waiting-sessions}: the sessions that have anyone waiting;
 *   <li>{@code hs:seen:waiting:<session>}: waiting participants scored by their last heartbeat;
 *   <li>{@code hs:seen:rooms}: {@code room/participant} scored by the participant's last heartbeat.
 * </ul>
 * The store (Firestore) stays the record of who is where; Redis holds what changes every second.
 */
@ApplicationScoped
public class WaitingRoom {
    static final String SESSIONS = "hs:waiting-sessions";
    static final String ROOM_PRESENCE = LiveChannel.ROOM_PRESENCE;

    @Inject
    RedisDataSource redis;

    private SortedSetCommands<String, String> zset() {
        return redis.sortedSet(String.class);
    }

    /** Puts the participant in line at their original arrival time (a returning one keeps their place). */
    public void enqueue(String sessionId, String participantId, long joinedAt, long now) {
        zset().zadd(queue(sessionId), new ZAddArgs().nx(), joinedAt, participantId);
        zset().zadd(seenWaiting(sessionId), now, participantId);
        redis.set(String.class).sadd(SESSIONS, sessionId);
    }

    /** A heartbeat of a waiting participant; false if they are not in line (a ghost who came back). */
    public boolean seenWaiting(String sessionId, String participantId, long now) {
        zset().zadd(seenWaiting(sessionId), now, participantId);
        return zset().zscore(queue(sessionId), participantId).isPresent();
    }

    /** 0-based place in line, if waiting. */
    public OptionalLong position(String sessionId, String participantId) {
        return zset().zrank(queue(sessionId), participantId);
    }

    public void remove(String sessionId, String... participantIds) {
        if (participantIds.length == 0) {
            return;
        }
        zset().zrem(queue(sessionId), participantIds);
        zset().zrem(seenWaiting(sessionId), participantIds);
    }

    /** Everyone in line, oldest first, with their arrival time. */
    public Map<String, Long> line(String sessionId) {
        Map<String, Long> line = new LinkedHashMap<>();
        for (ScoredValue<String> v : zset().zrangeWithScores(queue(sessionId), 0, -1)) {
            line.put(v.value(), (long) v.score());
        }
        return line;
    }

    /** When each waiting participant was last heard from. */
    public Map<String, Long> lastSeenWaiting(String sessionId) {
        Map<String, Long> seen = new LinkedHashMap<>();
        for (ScoredValue<String> v : zset().zrangeWithScores(seenWaiting(sessionId), 0, -1)) {
            seen.put(v.value(), (long) v.score());
        }
        return seen;
    }

    public Set<String> sessionsWithWaiting() {
        return redis.set(String.class).smembers(SESSIONS);
    }

    public void forgetSessionIfEmpty(String sessionId) {
        if (zset().zcard(queue(sessionId)) == 0) {
            redis.set(String.class).srem(SESSIONS, sessionId);
        }
    }

    /** Drops everything kept for a session that no longer exists. */
    public void forgetSession(String sessionId) {
        redis.key(String.class).del(queue(sessionId), seenWaiting(sessionId));
        redis.set(String.class).srem(SESSIONS, sessionId);
    }

    /** A heartbeat of a participant in a room. */
    public void seenInRoom(String roomId, String participantId, long now) {
        zset().zadd(ROOM_PRESENCE, now, roomId + "/" + participantId);
    }

    public void forgetInRoom(String roomId, String participantId) {
        zset().zrem(ROOM_PRESENCE, roomId + "/" + participantId);
    }

    /** {@code room/participant} pairs not heard from since {@code before}. */
    public List<String> silentInRooms(long before) {
        return zset().zrangebyscore(ROOM_PRESENCE, ScoreRange.from(Double.NEGATIVE_INFINITY, (double) before));
    }

    /** A short lock, so one replica at a time does a periodic job; it expires by itself if that replica dies. */
    public boolean tryLock(String name, Duration hold) {
        String previous = redis.value(String.class).setGet("hs:lock:" + name, UUID.randomUUID().toString(),
                new SetArgs().nx().px(hold));
        return previous == null;
    }

    private static String queue(String sessionId) {
        return "hs:waiting:" + sessionId;
    }

    private static String seenWaiting(String sessionId) {
        return "hs:seen:waiting:" + sessionId;
    }
}
