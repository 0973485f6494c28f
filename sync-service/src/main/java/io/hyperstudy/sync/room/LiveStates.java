package io.hyperstudy.sync.room;

import io.hyperstudy.model.live.LiveRoom;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest live state of each room on this pod (as experiment-service published it), and the seq of the
 * latest state change applied to its timeline: a message older than either is a repeat or out of order, and
 * is dropped. Changed only from the room's lane.
 */
@ApplicationScoped
public class LiveStates {
    private final Map<String, LiveRoom> rooms = new ConcurrentHashMap<>();
    private final Map<String, Long> appliedStateSeq = new ConcurrentHashMap<>();
    /** Ended rooms' last seq: what is left of a room once it is over, so a late repeat changes nothing. */
    private final Map<String, Long> ended = new ConcurrentHashMap<>();

    public Optional<LiveRoom> get(String roomId) {
        return Optional.ofNullable(rooms.get(roomId));
    }

    /** Keeps {@code live} if it is newer than what is known; false when it is not. */
    public boolean offer(LiveRoom live) {
        Long over = ended.get(live.roomId());
        if (over != null && over >= live.seq()) {
            return false;
        }
        boolean[] newer = {false};
        rooms.compute(live.roomId(), (id, known) -> {
            if (known != null && known.seq() >= live.seq()) {
                return known;
            }
            newer[0] = true;
            return live;
        });
        return newer[0];
    }

    /** Whether a state change with this seq is newer than the last applied to the room's timeline; if so, it is now. */
    public boolean applyStateChange(String roomId, long seq) {
        boolean[] newer = {false};
        appliedStateSeq.compute(roomId, (id, last) -> {
            if (last != null && last >= seq) {
                return last;
            }
            newer[0] = true;
            return seq;
        });
        return newer[0];
    }

    /** The seq of the last state change applied to the room's timeline (0: none). */
    public long appliedStateSeq(String roomId) {
        return appliedStateSeq.getOrDefault(roomId, 0L);
    }

    /** Another pod owns the room now: what this pod knew of it goes (unlike an ended room, it may come back). */
    public void forget(String roomId) {
        rooms.remove(roomId);
        appliedStateSeq.remove(roomId);
    }

    /** The room ended: its state is dropped, and any state or event of it that arrives late is ignored. */
    public void ended(String roomId) {
        LiveRoom last = rooms.remove(roomId);
        ended.put(roomId, last == null ? Long.MAX_VALUE : last.seq());
        appliedStateSeq.put(roomId, Long.MAX_VALUE);
    }
}
