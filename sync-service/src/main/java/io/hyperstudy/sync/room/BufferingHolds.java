package io.hyperstudy.sync.room;

import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.model.sync.TimelineCommand.Action;
import io.hyperstudy.sync.timeline.RoomTimeline;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rooms whose video waits for buffering players. By default a room never stalls for one client: a
 * buffering player is brought back in by its own seek when it is ready. A state whose video says
 * {@code waitForBuffering} instead pauses the room while anyone's player is buffering and plays on, from
 * the same frame for all, once nobody is; a staff command cancels the hold (staff intent wins).
 */
@ApplicationScoped
public class BufferingHolds {
    /** Time between the last player being ready and the room playing on, so every client hears of it. */
    public static final double RESUME_LEAD_MS = 450;

    private record Hold(boolean enabled, Set<String> buffering, boolean heldByUs) {
        Hold with(Set<String> b, boolean held) {
            return new Hold(enabled, b, held);
        }
    }

    private final Map<String, Hold> rooms = new ConcurrentHashMap<>();

    /** A state began: whether its video waits for buffering players. */
    public void configure(String roomId, boolean waitForBuffering) {
        rooms.put(roomId, new Hold(waitForBuffering, Set.of(), false));
    }

    public void remove(String roomId) {
        rooms.remove(roomId);
    }

    /** Whether the room's current state waits for buffering players. */
    public boolean waits(String roomId) {
        Hold h = rooms.get(roomId);
        return h != null && h.enabled();
    }

    /** Whether the room is paused for a buffering player now. */
    public boolean held(String roomId) {
        Hold h = rooms.get(roomId);
        return h != null && h.heldByUs();
    }

    /** Staff steered the room: any hold for buffering players ends without a resume of its own. */
    public void staffCommand(String roomId) {
        rooms.computeIfPresent(roomId, (id, h) -> h.with(Set.of(), false));
    }

    /** A client's report; the command the room's timeline must take, if the hold starts or ends. */
    public Optional<TimelineCommand> onReport(String roomId, String participantId, boolean buffering,
                                              RoomTimeline timeline, double now) {
        Hold before = rooms.get(roomId);
        if (before == null || !before.enabled()) {
            return Optional.empty();
        }
        boolean playing = timeline.state() == PlaybackState.PLAYING && timeline.serverTime() <= now;
        if (buffering && !before.buffering().contains(participantId) && (playing || before.heldByUs())) {
            Set<String> b = new HashSet<>(before.buffering());
            b.add(participantId);
            rooms.put(roomId, before.with(Set.copyOf(b), true));
            return before.heldByUs() ? Optional.empty()
                    : Optional.of(new TimelineCommand(Action.PAUSE, null, null, null, null));
        }
        if (!buffering && before.buffering().contains(participantId)) {
            return release(roomId, before, participantId, now);
        }
        return Optional.empty();
    }

    /** A client left: it no longer holds the room. */
    public Optional<TimelineCommand> onLeave(String roomId, String participantId, double now) {
        Hold before = rooms.get(roomId);
        if (before == null || !before.buffering().contains(participantId)) {
            return Optional.empty();
        }
        return release(roomId, before, participantId, now);
    }

    private Optional<TimelineCommand> release(String roomId, Hold before, String participantId, double now) {
        Set<String> b = new HashSet<>(before.buffering());
        b.remove(participantId);
        boolean stillHeld = !b.isEmpty();
        rooms.put(roomId, before.with(Set.copyOf(b), stillHeld));
        if (stillHeld || !before.heldByUs()) {
            return Optional.empty();
        }
        return Optional.of(new TimelineCommand(Action.PLAY, null, null, now + RESUME_LEAD_MS, null));
    }
}
