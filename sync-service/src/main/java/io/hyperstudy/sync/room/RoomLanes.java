package io.hyperstudy.sync.room;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One ordered path per room: every change to a room's state on this pod (its timeline, its buffering hold,
 * its sockets joining and leaving, its live state from experiment-service) runs in the room's lane, one task
 * at a time, in the order submitted, whichever thread submits it (socket event loops, the Redis subscriber,
 * the Kafka worker). A task runs on the thread that finds the lane idle, so nothing blocks and rooms never
 * wait on each other: there is no global lock. Tasks must not block.
 */
@ApplicationScoped
public class RoomLanes {
    private static final Logger LOG = Logger.getLogger(RoomLanes.class);

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    /** Runs {@code task} after every task submitted for this room before it. */
    public void run(String roomId, Runnable task) {
        lanes.computeIfAbsent(roomId, id -> new Lane()).run(task);
    }

    /** Forgets an ended room's lane (a task submitted afterwards gets a new one). */
    public void forget(String roomId) {
        lanes.remove(roomId);
    }

    public int size() {
        return lanes.size();
    }

    static final class Lane {
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean draining = new AtomicBoolean();

        void run(Runnable task) {
            tasks.add(task);
            // whoever finds the lane idle drains it; a task added meanwhile is seen by the loop's re-check
            while (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
                try {
                    Runnable next;
                    while ((next = tasks.poll()) != null) {
                        try {
                            next.run();
                        } catch (RuntimeException e) {
                            LOG.warnf(e, "a room task failed");
                        }
                    }
                } finally {
                    draining.set(false);
                }
            }
        }
    }
}
