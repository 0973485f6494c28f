package io.hyperstudy.system;

import io.hyperstudy.model.live.SyncPods;
import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.system.Platform.Service;
import io.hyperstudy.system.Platform.SyncPod;
import io.hyperstudy.testinfra.StaffTokens;
import io.hyperstudy.testinfra.WebSocketProbe;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real-time tier scaled out (docs/scaling.md), with real processes: three sync-service pods (the
 * platform's and two more) and two gateways over one Redis; 20 rooms of 3 socket clients each, every room
 * playing a video. One pod is killed (SIGKILL) mid-video: its rooms are taken over by the others from their
 * snapshots, every client of them is back with the room's timeline as it was (within 10 ms at any instant),
 * and no client of another room notices. Then a pod is frozen (SIGSTOP) past its leases: its clients notice
 * the silence and move; woken (SIGCONT), it tells the rooms it lost nothing. Then each pod in turn is stopped
 * cleanly and started again (a rolling restart): every room survives each step.
 */
class ScaleOutIT {
    static final int ROOMS = 20;
    static final int PER_ROOM = 3;
    static final Duration WAIT = Duration.ofSeconds(20);
    /** A client gives up on a silent socket after this long (the server pings every 500 ms). */
    static final long SILENT_MS = 3_000;

    /** One client of a room: a socket through a gateway, reconnecting when it closes or goes silent. */
    static final class Client {
        final String roomId;
        final String gateway;
        /** Each client is someone else, from somewhere else, as real participants are (the gateway limits each). */
        final Map<String, String> headers;
        WebSocketProbe ws;
        Timeline last;
        int reconnects;

        Client(String roomId, String gateway, int n) {
            this.roomId = roomId;
            this.gateway = gateway;
            this.headers = Map.of("Authorization", "Bearer " + StaffTokens.token("scale-client-" + n, "admin"),
                    "X-Forwarded-For", "10.7." + (n / 200) + "." + (n % 200 + 1));
        }

        void connect() {
            URI uri = URI.create(gateway.replaceFirst("^http", "ws") + "/ws/rooms/" + roomId);
            ws = WebSocketProbe.open(uri, headers).answerPings(0);
            // a pod that is not the room's owner sends the socket away (4503) without a word: try again soon
            long until = System.currentTimeMillis() + 3_000;
            while (true) {
                try {
                    ws.nextContaining("\"type\":\"hello\"", Duration.ofMillis(100));
                    break;
                } catch (AssertionError e) {
                    if (!ws.isOpen() || System.currentTimeMillis() > until) {
                        throw e;
                    }
                }
            }
            last = (Timeline) SyncCodec.decode(ws.nextContaining("\"type\":\"timeline\"", WAIT));
        }

        /** Reconnects (with a short backoff) until the room's timeline comes back; the time it took, ms. */
        long rejoin(long since) {
            Timeline before = last;
            for (int attempt = 0; ; attempt++) {
                try {
                    ws.close();
                } catch (RuntimeException e) {
                    // it is gone already
                }
                try {
                    connect();
                    reconnects++;
                    assertEquals(before.mediaId(), last.mediaId(), roomId);
                    assertTrue(last.seq() >= before.seq(), roomId + ": seq " + last.seq() + " after " + before.seq());
                    // the room's video is where it would have been had nothing happened
                    double at = System.currentTimeMillis();
                    double drift = positionAt(last, at) - positionAt(before, at);
                    assertTrue(Math.abs(drift) <= 10.0, roomId + ": the timeline moved by " + drift + " ms");
                    return System.currentTimeMillis() - since;
                } catch (RuntimeException | AssertionError e) {
                    if (attempt > 80) {
                        throw new AssertionError(roomId + ": not back after " + attempt + " attempts", e);
                    }
                    // as the browser client does after a 4503: soon again
                    sleep(250);
                }
            }
        }
    }

    @Test
    void roomsSurviveTheLossOfTheirPodAFrozenPodAndARollingRestart() throws Exception {
        Platform platform = Platform.get();
        List<String> gateways = List.of(platform.url(Service.GATEWAY), platform.secondGateway());
        List<SyncPod> extra = new ArrayList<>(List.of(platform.startSyncPod("sync-a-" + shortId()),
                platform.startSyncPod("sync-b-" + shortId())));
        // a thread per client: each reconnects on its own, as real clients do (a smaller pool made the last
        // clients wait for the first to be back, and counted that wait as theirs)
        ExecutorService pool = Executors.newFixedThreadPool(ROOMS * PER_ROOM);
        List<Client> clients = new ArrayList<>();
        try {
            Thread.sleep(1_500); // every gateway's list of live pods has the new pods
            List<String> rooms = new ArrayList<>();
            for (int r = 0; r < ROOMS; r++) {
                String roomId = "scale-" + UUID.randomUUID();
                rooms.add(roomId);
                for (int c = 0; c < PER_ROOM; c++) {
                    Client client = new Client(roomId, gateways.get((r + c) % 2), r * PER_ROOM + c);
                    client.connect();
                    clients.add(client);
                }
                Client first = clients.get(clients.size() - PER_ROOM);
                first.ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"load\",\"mediaId\":\"film-" + r + "\"}");
                first.ws.send("{\"v\":2,\"type\":\"command\",\"action\":\"play\"}");
            }
            for (Client c : clients) {
                c.last = awaitPlaying(c);
            }
            Map<String, String> owners = owners(rooms);
            assertEquals(3, owners.values().stream().distinct().count(), "the rooms are spread over the three pods: " + owners);

            // 1. kill -9 one pod mid-video
            SyncPod victim = extra.get(0);
            List<Client> moved = clients.stream().filter(c -> owners.get(c.roomId).equals(victim.id())).toList();
            List<Client> others = clients.stream().filter(c -> !moved.contains(c)).toList();
            long killedAt = System.currentTimeMillis();
            victim.kill();
            List<Long> backAfter = rejoinAll(pool, moved, killedAt);
            assertContinuous(moved);
            for (Client c : others) {
                assertTrue(c.ws.isOpen(), c.roomId + ": a room on another pod is not disturbed");
            }
            report("kill -9", moved.size(), backAfter);
            extra.remove(victim);
            Map<String, String> afterKill = owners(rooms);
            assertFalse(afterKill.containsValue(victim.id()), "no room is left with the dead pod");

            // 2. SIGSTOP a pod past its leases: its clients notice the silence and move; one stays to listen
            SyncPod frozen = extra.get(0);
            List<Client> onFrozen = clients.stream().filter(c -> afterKill.get(c.roomId).equals(frozen.id())).toList();
            assertFalse(onFrozen.isEmpty(), "the frozen pod holds rooms: " + afterKill);
            List<WebSocketProbe> listeners = new ArrayList<>();
            for (String room : onFrozen.stream().map(c -> c.roomId).distinct().toList()) {
                listeners.add(WebSocketProbe.open(URI.create(gateways.get(0).replaceFirst("^http", "ws") + "/ws/rooms/" + room),
                        new Client(room, gateways.get(0), 1000 + listeners.size()).headers));
            }
            Thread.sleep(1_000);
            listeners.forEach(WebSocketProbe::drain);
            long frozenAt = System.currentTimeMillis();
            frozen.freeze();
            Thread.sleep(SILENT_MS); // the clients' watchdog
            List<Long> backFromFrozen = rejoinAll(pool, onFrozen, frozenAt);
            assertContinuous(onFrozen);
            report("SIGSTOP", onFrozen.size(), backFromFrozen);
            listeners.forEach(WebSocketProbe::drain);
            frozen.thaw();
            Thread.sleep(3_000);
            for (WebSocketProbe l : listeners) {
                List<String> heard = l.drain();
                assertTrue(heard.isEmpty(), "woken past its leases, the pod told its lost rooms nothing: " + heard);
                assertEquals(4503, l.awaitClose(WAIT), "and sent their sockets away");
            }

            // 3. a rolling restart: each pod stopped cleanly (its rooms handed over), then started again
            Map<String, String> beforeMain = owners(rooms);
            // the platform's pod holds every room now: the killed pod is gone, the frozen one lost its rooms
            String mainPod = beforeMain.values().stream().filter(id -> !id.equals(frozen.id())).findFirst().orElseThrow();
            List<Client> onMain = clients.stream().filter(c -> beforeMain.get(c.roomId).equals(mainPod)).toList();
            long mainStoppedAt = System.currentTimeMillis();
            platform.terminate(Service.SYNC);
            awaitClosed(onMain);
            List<Long> mainBack = rejoinAll(pool, onMain, mainStoppedAt);
            platform.stop(Service.SYNC);
            long mainGone = System.currentTimeMillis() - mainStoppedAt;
            System.out.printf("scale-out SIGTERM platform pod: gone %d ms after the signal%n", mainGone);
            assertTrue(mainGone < 5_000, "a stopping pod is gone within 5 s, not " + mainGone + " ms");
            assertContinuous(onMain);
            report("SIGTERM platform pod", onMain.size(), mainBack);
            platform.start(Service.SYNC);
            platform.awaitReady(Service.SYNC);
            Thread.sleep(1_500);
            Map<String, String> beforeB = owners(rooms);
            List<Client> onB = clients.stream().filter(c -> beforeB.get(c.roomId).equals(frozen.id())).toList();
            assertFalse(onB.isEmpty(), "the rooms of the stopped pod went to the other: " + beforeB);
            long bStoppedAt = System.currentTimeMillis();
            frozen.terminate();
            awaitClosed(onB);
            List<Long> bBack = rejoinAll(pool, onB, bStoppedAt);
            frozen.stop();
            long bGone = System.currentTimeMillis() - bStoppedAt;
            System.out.printf("scale-out SIGTERM %s: gone %d ms after the signal%n", frozen.id(), bGone);
            assertTrue(bGone < 5_000, "a stopping pod is gone within 5 s, not " + bGone + " ms");
            assertContinuous(onB);
            report("SIGTERM " + frozen.id(), onB.size(), bBack);
            extra.remove(frozen);
            extra.add(platform.startSyncPod(frozen.id()));
            for (Client c : clients) {
                assertEquals(PlaybackState.PLAYING, c.last.state(), c.roomId + ": still playing after the restarts");
            }
        } finally {
            pool.shutdownNow();
            for (Client c : clients) {
                try {
                    c.ws.close();
                } catch (RuntimeException e) {
                    // closed already
                }
            }
            for (SyncPod pod : extra) {
                pod.stop();
            }
        }
    }

    /** A planned stop tells every client to reconnect (4503) before the pod goes. */
    private static void awaitClosed(List<Client> clients) {
        for (Client c : clients) {
            assertEquals(4503, c.ws.awaitClose(Duration.ofSeconds(10)), c.roomId + ": told to reconnect");
        }
    }

    private static List<Long> rejoinAll(ExecutorService pool, List<Client> clients, long since) throws Exception {
        List<Future<Long>> all = new ArrayList<>();
        for (Client c : clients) {
            all.add(pool.submit(() -> c.rejoin(since)));
        }
        List<Long> out = new ArrayList<>();
        for (Future<Long> f : all) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    static double positionAt(Timeline t, double at) {
        return t.state() == PlaybackState.PLAYING ? t.position() + (at - t.serverTime()) * t.rate() : t.position();
    }

    /** Every client of a room sees one timeline: the same position, within 10 ms, at any instant. */
    private static void assertContinuous(List<Client> clients) {
        double at = System.currentTimeMillis();
        Map<String, List<Client>> byRoom = clients.stream().collect(Collectors.groupingBy(c -> c.roomId));
        byRoom.forEach((room, members) -> {
            for (Client c : members) {
                assertEquals(PlaybackState.PLAYING, c.last.state(), room + " plays on after the move");
                double position = c.last.position() + (at - c.last.serverTime()) * c.last.rate();
                double reference = members.get(0).last.position() + (at - members.get(0).last.serverTime()) * members.get(0).last.rate();
                assertTrue(Math.abs(position - reference) <= 10.0, room + ": " + position + " vs " + reference);
            }
        });
    }

    private static Timeline awaitPlaying(Client c) {
        long until = System.currentTimeMillis() + WAIT.toMillis();
        Timeline t = c.last;
        while (t.state() != PlaybackState.PLAYING && System.currentTimeMillis() < until) {
            t = (Timeline) SyncCodec.decode(c.ws.nextContaining("\"type\":\"timeline\"", WAIT));
        }
        assertEquals(PlaybackState.PLAYING, t.state(), c.roomId);
        return t;
    }

    private static Map<String, String> owners(List<String> rooms) {
        Map<String, String> out = new java.util.HashMap<>();
        Awaitility.await().atMost(WAIT).until(() -> {
            out.clear();
            for (String room : rooms) {
                String owner = RedisKeys.get(SyncPods.ownerKey(room));
                if (owner == null) {
                    return false;
                }
                out.put(room, SyncPods.ownerPod(owner));
            }
            return true;
        });
        return out;
    }

    private static void report(String what, int clients, List<Long> backAfterMs) {
        assertFalse(backAfterMs.isEmpty(), what + ": no client had to move");
        List<Long> sorted = new ArrayList<>(backAfterMs);
        Collections.sort(sorted);
        System.out.printf("scale-out %s: %d clients back, re-home p50 %d ms, p95 %d ms, max %d ms%n", what, clients,
                sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1), sorted.get(sorted.size() - 1));
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
