package io.hyperstudy.bench.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One sync pod stopped in the middle of a run: {@code kill -9} (a crash: its leases expire) or SIGTERM (a
 * rolling deploy: it hands its rooms over). The clients of the rooms it owned (read from their leases just
 * before) must come back through the gateway; one is back when its new socket has brought it its room's
 * timeline and its player is within 10 ms of that timeline. The players keep playing while they are away, as a
 * browser's video does when its socket drops. Printed: how long each took (p50 / p95 / max from the signal),
 * how many were not back within the window (lost), their position error from the signal on, and whether any
 * client of another pod's room had to reconnect or drifted.
 */
final class Failover {
    static final double BACK_WITHIN_MS = 10;

    private final String podId;
    private final String pid;
    private final String signal;
    private final List<LoadGenerator.Player> everyone;
    private final List<LoadGenerator.Player> expected = new ArrayList<>();

    Failover(String podId, String pid, String signal, List<LoadGenerator.Player> everyone) {
        if (podId == null || pid == null) {
            throw new IllegalArgumentException("--failover-pod and --failover-pid go together");
        }
        if (!signal.equals("KILL") && !signal.equals("TERM")) {
            throw new IllegalArgumentException("--failover-signal is KILL or TERM, not " + signal);
        }
        this.podId = podId;
        this.pid = pid;
        this.signal = signal;
        this.everyone = everyone;
    }

    String podId() {
        return podId;
    }

    /** The clients of a room the pod owns: they must move. */
    void expectMoved(List<LoadGenerator.Player> room) {
        expected.addAll(room);
    }

    /** Whether the process has ended: gone, or a zombie its parent has not reaped yet (it runs nothing any more). */
    private static boolean exited(String pid) {
        try {
            return LoadGenerator.Server.procStat(pid)[0].equals("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }

    void run(int windowSeconds) throws Exception {
        if (expected.isEmpty()) {
            System.out.println("failover: " + podId + " owns none of the rooms; nothing to move (is it running?)");
            return;
        }
        List<LoadGenerator.Player> others = everyone.stream().filter(p -> !expected.contains(p)).toList();
        Map<LoadGenerator.Player, Double> back = new HashMap<>();
        Samples movedErrors = new Samples(2_000_000);
        Samples otherErrors = new Samples(4_000_000);
        double signalledAt = System.currentTimeMillis();
        long exit = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start().waitFor();
        if (exit != 0) {
            System.out.println("failover: kill -" + signal + " " + pid + " failed (exit " + exit + ")");
            return;
        }
        long gone = Long.MIN_VALUE;
        double until = signalledAt + windowSeconds * 1000.0;
        while (System.currentTimeMillis() < until) {
            TimeUnit.MILLISECONDS.sleep(20);
            double now = System.currentTimeMillis();
            if (gone == Long.MIN_VALUE && exited(pid)) {
                gone = Math.round(now - signalledAt);
            }
            for (LoadGenerator.Player p : expected) {
                double error = p.error(now);
                if (!Double.isNaN(error)) {
                    movedErrors.add(Math.abs(error));
                }
                if (!back.containsKey(p) && p.socket != null && p.greeted && p.connectedAt > signalledAt
                        && Math.abs(error) <= BACK_WITHIN_MS) {
                    back.put(p, now - signalledAt);
                }
            }
            for (LoadGenerator.Player p : others) {
                double error = p.error(now);
                if (!Double.isNaN(error)) {
                    otherErrors.add(Math.abs(error));
                }
            }
        }
        double[] backMs = back.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] moved = movedErrors.sorted();
        double[] rest = otherErrors.sorted();
        long disturbed = others.stream().filter(p -> p.connectedAt > signalledAt).count();
        System.out.printf(Locale.ROOT, "failover: kill -%s of %s: %d clients had to move; back within %.0f ms of their "
                        + "room's timeline p50 %.2f s, p95 %.2f s, max %.2f s; lost (not back within %d s): %d%n",
                signal, podId, expected.size(), BACK_WITHIN_MS, Samples.percentile(backMs, 50) / 1000,
                Samples.percentile(backMs, 95) / 1000, Samples.max(backMs) / 1000, windowSeconds,
                expected.size() - backMs.length);
        System.out.printf(Locale.ROOT, "failover: |position error| of the moved clients from the signal on: p50 %.2f ms, "
                + "p95 %.2f ms, max %.2f ms%n", Samples.percentile(moved, 50), Samples.percentile(moved, 95), Samples.max(moved));
        System.out.printf(Locale.ROOT, "failover: the other %d clients: %d reconnected; |position error| p95 %.2f ms, "
                + "max %.2f ms%n", others.size(), disturbed, Samples.percentile(rest, 95), Samples.max(rest));
        if (signal.equals("TERM")) {
            System.out.println(gone == Long.MIN_VALUE ? "failover: the pod was still running at the end of the window"
                    : "failover: the pod's process was gone " + gone + " ms after the signal");
        }
    }
}
