package io.hyperstudy.experiment.platform;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs work on one aggregate (a room, a session) one at a time within this replica. Firestore's server
 * transactions lock what they read, so two transactions on the same room in the same instant wait on
 * each other until one is aborted; queueing them here turns that contention into a short wait. Other
 * replicas are still kept right by the transactions themselves.
 */
@ApplicationScoped
public class KeyedLocks {
    private static final int STRIPES = 1024;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public KeyedLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public <T> T with(String key, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
