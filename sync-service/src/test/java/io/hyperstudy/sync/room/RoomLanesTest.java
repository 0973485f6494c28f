package io.hyperstudy.sync.room;

import org.junit.jupiter.api.RepeatedTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomLanesTest {
    static final int THREADS = 8;
    static final int ROOMS = 16;
    static final int TASKS_PER_THREAD_AND_ROOM = 500;

    /**
     * Many threads submit to many rooms at once: a room's tasks never overlap, each thread's tasks for a room
     * run in the order it submitted them, and none is lost.
     */
    @RepeatedTest(20)
    void aRoomsTasksRunOneAtATimeInOrderAndNoneIsLost() throws Exception {
        RoomLanes lanes = new RoomLanes();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        Map<String, int[]> lastSeen = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        for (int r = 0; r < ROOMS; r++) {
            running.put("r" + r, new AtomicInteger());
            int[] last = new int[THREADS];
            java.util.Arrays.fill(last, -1);
            lastSeen.put("r" + r, last);
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            submitted.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < TASKS_PER_THREAD_AND_ROOM; i++) {
                    for (int r = 0; r < ROOMS; r++) {
                        String room = "r" + ((r + thread) % ROOMS);
                        int n = i;
                        lanes.run(room, () -> {
                            if (running.get(room).incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            int[] last = lastSeen.get(room);
                            if (last[thread] != n - 1) {
                                outOfOrder.incrementAndGet();
                            }
                            last[thread] = n;
                            running.get(room).decrementAndGet();
                            done.incrementAndGet();
                        });
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (var f : submitted) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(0, overlaps.get(), "tasks of one room overlapped");
        assertEquals(0, outOfOrder.get(), "a thread's tasks for a room ran out of order");
        assertEquals(THREADS * ROOMS * TASKS_PER_THREAD_AND_ROOM, done.get(), "every task ran once");
    }

    @RepeatedTest(20)
    void aTaskThatFailsDoesNotStopTheLane() throws Exception {
        RoomLanes lanes = new RoomLanes();
        AtomicInteger after = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 400; i++) {
            int n = i;
            pool.submit(() -> lanes.run("r", () -> {
                if (n % 7 == 0) {
                    throw new IllegalStateException("boom " + n);
                }
                after.incrementAndGet();
            }));
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(400 - (400 + 6) / 7, after.get());
    }
}
