package io.hyperstudy.bench.load;

import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.RateCommand;
import io.hyperstudy.model.sync.SeekCommand;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.SyncMessage;
import io.hyperstudy.model.sync.Timeline;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N modelled players over real WebSockets against a running sync-service. Each answers pings at once,
 * reports its position 4 times a second, and obeys rate and seek commands on a player model whose
 * clock is offset from this machine's by up to ±1 s; one player per room steers. Because the server
 * runs on this machine, the true error of every player is known: its position minus the room timeline
 * at the same instant. Lean by design: one event-loop thread per core, no thread per client.
 *
 * <pre>
 * LoadGenerator --url ws://127.0.0.1:8082 --token TOKEN [--clients 5000] [--rooms 500] [--reports 4]
 *               [--duration 60] [--ramp 20] [--server-pid PID] [--metrics http://127.0.0.1:9082/q/metrics]
 *               [--gateway-pid PID] [--redis 127.0.0.1:6379]
 *               [--failover-pod ID --failover-pid PID [--failover-signal KILL|TERM] [--failover-window 30]]
 * </pre>
 * The server's figures come from its management interface ({@code --metrics}; by default the local
 * platform's, on the HTTP port + 1000). Through the gateway ({@code --url} its address, {@code --gateway-pid}
 * its process), the gateway's CPU per relayed frame is printed too; the delay of the server's pings to the
 * clients, through it or not, says what it adds. With {@code --failover-pod}, that sync pod is stopped after
 * the steady window (see {@link Failover}).
 */
public final class LoadGenerator {

    private final Map<String, String> args;
    private final URI base;
    private final String token;
    private final int clients;
    private final int rooms;
    private final double reportIntervalMs;
    private final Vertx vertx;
    private final WebSocketClient client;
    private final List<Player> players = new ArrayList<>();
    private final Map<String, Timeline> timelines = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    private volatile boolean stopping;
    private volatile boolean measuring;
    private final Samples errors = new Samples(4_000_000);
    /** Server ping sent to its arrival here, ms: the server's clock and this one read the same wall clock. */
    private final Samples pingDelays = new Samples(2_000_000);

    private LoadGenerator(Map<String, String> args) {
        this.args = args;
        this.base = URI.create(args.getOrDefault("url", "ws://127.0.0.1:8082"));
        this.token = args.get("token");
        this.clients = Integer.parseInt(args.getOrDefault("clients", "5000"));
        this.rooms = Integer.parseInt(args.getOrDefault("rooms", String.valueOf(Math.max(1, clients / 10))));
        this.reportIntervalMs = 1000.0 / Double.parseDouble(args.getOrDefault("reports", "4"));
        int cores = Runtime.getRuntime().availableProcessors();
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(cores).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients + 10)
                .setConnectTimeout(30_000));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new java.util.HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        if (!args.containsKey("token")) {
            System.err.println("usage: LoadGenerator --url ws://host:port --token TOKEN [--clients N] [--rooms R] "
                    + "[--reports PER_SECOND] [--duration SECONDS] [--ramp SECONDS] [--server-pid PID] [--metrics URL] "
                    + "[--gateway-pid PID] [--redis HOST:PORT] [--failover-pod ID --failover-pid PID "
                    + "[--failover-signal KILL|TERM] [--failover-window SECONDS]]");
            System.exit(2);
        }
        new LoadGenerator(args).run();
    }

    private void run() throws Exception {
        int duration = Integer.parseInt(args.getOrDefault("duration", "60"));
        double ramp = Double.parseDouble(args.getOrDefault("ramp", "20"));
        String pid = args.get("server-pid");
        Server server = new Server(URI.create(args.getOrDefault("metrics",
                "http://" + base.getHost() + ":" + (base.getPort() + 1000) + "/q/metrics")), pid);
        double heapBefore = server.liveHeapBytes();
        String gatewayPid = args.get("gateway-pid");
        RedisProbe redis = openRedis(args.getOrDefault("redis", "127.0.0.1:6379"));
        // the platform's own Redis traffic (experiment-service's polls, the pods' heartbeats) without clients
        double redisIdle = redis == null ? Double.NaN : redisRate(redis, 5);

        startSeries(server);
        SplittableRandom random = new SplittableRandom(7);
        CountDownLatch connected = new CountDownLatch(clients);
        long rampStart = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Player p = new Player(i, "load-room-" + (i % rooms), i < rooms, (random.nextDouble() * 2 - 1) * 1000,
                    random.nextDouble() * reportIntervalMs);
            players.add(p);
            long due = rampStart + (long) (ramp * 1e9 * i / clients);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            p.connect(connected);
        }
        connected.await(60, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "connected %d of %d clients in %.1f s (%d failed)%n", open.get(), clients,
                (System.nanoTime() - rampStart) / 1e9, failed.get());

        // every room's host loads the film and starts it 2 s from now, the same instant for all
        double startAt = System.currentTimeMillis() + 2000;
        for (Player p : players) {
            if (p.host && p.socket != null) {
                p.send("{\"v\":2,\"type\":\"command\",\"action\":\"load\",\"mediaId\":\"film\"}");
                p.send("{\"v\":2,\"type\":\"command\",\"action\":\"play\",\"atServerTime\":" + startAt + "}");
            }
        }
        int loops = Runtime.getRuntime().availableProcessors();
        for (int loop = 0; loop < loops; loop++) {
            int slice = loop;
            vertx.setPeriodic(5, id -> tick(slice, loops));
        }
        TimeUnit.SECONDS.sleep(10);
        long sentAtStart = sent.get();
        long receivedAtStart = received.get();
        Server.Sample steadyStart = server.sample();
        long cpuSteady = ownCpuNanos();
        double gatewayCpuStart = gatewayPid == null ? Double.NaN : Server.procCpuSeconds(gatewayPid);
        long redisStart = redis == null ? 0 : redis.commandsProcessed();
        measuring = true;
        long measureStart = System.nanoTime();
        vertx.setPeriodic(100, id -> sampleErrors());
        TimeUnit.SECONDS.sleep(Math.max(5, duration - 10));
        measuring = false;
        double seconds = (System.nanoTime() - measureStart) / 1e9;
        long sentSteady = sent.get() - sentAtStart;
        long receivedSteady = received.get() - receivedAtStart;
        Server.Sample steadyEnd = server.sample();
        long cpuEnd = ownCpuNanos();
        double gatewayCpu = gatewayPid == null ? Double.NaN : Server.procCpuSeconds(gatewayPid) - gatewayCpuStart;
        double redisSteady = redis == null ? Double.NaN : (redis.commandsProcessed() - redisStart) / seconds;
        double heapAfter = server.liveHeapBytes();

        explainFarOff(System.currentTimeMillis());
        double[] all = errors.sorted();
        double[] delays = pingDelays.sorted();
        double serverFrames = steadyEnd.frames() - steadyStart.frames();
        double serverCpu = steadyEnd.cpuSeconds() - steadyStart.cpuSeconds();
        System.out.printf(Locale.ROOT, "clients %d in %d rooms, %.0f reports/s each; steady window %.0f s%n",
                clients, rooms, 1000 / reportIntervalMs, seconds);
        System.out.printf(Locale.ROOT, "connections held at the end: %d (%d reconnections in the run)%n", open.get(),
                reconnects.get());
        System.out.printf(Locale.ROOT, "messages/s: clients → server %.0f, server → clients %.0f%n",
                sentSteady / seconds, receivedSteady / seconds);
        System.out.printf(Locale.ROOT, "server-side handling of a frame: p50 %.3f ms, p99 %.3f ms (%s)%n",
                steadyEnd.handlingP50Ms(), steadyEnd.handlingP99Ms(), "sync_frame_handling_seconds, last minute");
        System.out.printf(Locale.ROOT, "server CPU: %.2f CPU-seconds per 100,000 client frames (%.1f %% of one core)%n",
                serverFrames > 0 ? serverCpu / serverFrames * 100_000 : Double.NaN, 100 * serverCpu / seconds);
        if (!Double.isNaN(heapBefore) && !Double.isNaN(heapAfter)) {
            System.out.printf(Locale.ROOT, "server live heap after GC: %.1f MB idle, %.1f MB with clients: %.1f KB per client%n",
                    heapBefore / 1e6, heapAfter / 1e6, (heapAfter - heapBefore) / clients / 1024);
        }
        System.out.printf(Locale.ROOT, "load generator CPU: %.1f %% of one core (steady window)%n",
                100.0 * (cpuEnd - cpuSteady) / 1e9 / seconds);
        System.out.printf(Locale.ROOT, "|position error| across clients, steady state: p50 %.2f ms  p95 %.2f ms  p99 %.2f ms (%d samples)%n",
                Samples.percentile(all, 50), Samples.percentile(all, 95), Samples.percentile(all, 99), all.length);
        System.out.printf(Locale.ROOT, "server ping to client, one way: p50 %.3f ms  p99 %.3f ms  max %.3f ms (%d pings)%n",
                Samples.percentile(delays, 50), Samples.percentile(delays, 99), Samples.max(delays), delays.length);
        if (gatewayPid != null) {
            long relayed = sentSteady + receivedSteady;
            System.out.printf(Locale.ROOT, "gateway CPU: %.1f %% of one core, %.1f CPU-µs per relayed frame (%d frames both ways)%n",
                    100 * gatewayCpu / seconds, relayed > 0 ? gatewayCpu / relayed * 1e6 : Double.NaN, relayed);
        }
        if (redis != null) {
            System.out.printf(Locale.ROOT, "Redis: %.0f commands/s in the steady window, %.0f/s idle before the clients: "
                    + "%.0f/s per 1,000 clients%n", redisSteady, redisIdle, (redisSteady - redisIdle) / clients * 1000);
        }
        if (args.containsKey("failover-pod")) {
            runFailover(redis);
        }
        stopping = true;
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        System.exit(0);
    }

    /**
     * One line a second (clients open, frames each way, server CPU, Redis pool wait), so that a run shows
     * when the server falls behind, not only the averages.
     */
    private void startSeries(Server server) throws Exception {
        long t0 = System.nanoTime();
        long[] last = {sent.get(), received.get(), t0};
        double[] lastCpu = {server.cpuSeconds()};
        System.out.println("   s  clients  reconnects  in/s    out/s   server CPU %  redis pool wait max s");
        Thread series = new Thread(() -> {
            while (true) {
                try {
                    TimeUnit.SECONDS.sleep(1);
                    long now = System.nanoTime();
                    long s = sent.get();
                    long r = received.get();
                    double cpu = server.cpuSeconds();
                    double dt = (now - last[2]) / 1e9;
                    System.out.printf(Locale.ROOT, "%4.0f  %7d  %10d  %6.0f  %7.0f  %12.1f  %8.3f%n", (now - t0) / 1e9,
                            open.get(), reconnects.get(), (s - last[0]) / dt, (r - last[1]) / dt, 100 * (cpu - lastCpu[0]) / dt,
                            server.redisPoolWaitMaxSeconds());
                    last[0] = s;
                    last[1] = r;
                    last[2] = now;
                    lastCpu[0] = cpu;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    System.out.println("   (server figures not read: " + e + ")");
                }
            }
        }, "series");
        series.setDaemon(true);
        series.start();
    }

    private void tick(int slice, int loops) {
        double now = System.currentTimeMillis();
        for (int i = slice; i < players.size(); i += loops) {
            Player p = players.get(i);
            if (p.socket != null && now >= p.nextReportAt) {
                p.nextReportAt = Math.max(p.nextReportAt + reportIntervalMs, now);
                p.report(now);
            }
        }
    }

    private void sampleErrors() {
        if (!measuring) {
            return;
        }
        double now = System.currentTimeMillis();
        for (Player p : players) {
            double error = p.error(now);
            if (p.socket != null && !Double.isNaN(error)) {
                errors.add(Math.abs(error));
            }
        }
    }

    /** Players more than a second off their room at the end of the steady window, and what they had heard. */
    private void explainFarOff(double now) {
        List<Player> far = players.stream().filter(p -> p.socket != null && Math.abs(p.error(now)) > 1000).toList();
        if (far.isEmpty()) {
            return;
        }
        System.out.printf(Locale.ROOT, "players more than 1 s off their room: %d%n", far.size());
        for (Player p : far.subList(0, Math.min(5, far.size()))) {
            System.out.printf(Locale.ROOT, "  player %d of %s: error %.0f ms, %s; seeks %d, rate changes %d, timeline %s%n",
                    p.index, p.room, p.error(now), p.describe(), p.seeks, p.rates, timelines.get(p.room));
        }
    }

    /** Stops a sync pod mid-run and reports how its clients came back (docs/scaling.md, bench/README.md). */
    private void runFailover(RedisProbe redis) throws Exception {
        if (redis == null) {
            System.out.println("failover: skipped, it needs Redis (--redis) to know which rooms the pod owns");
            return;
        }
        Failover f = new Failover(args.get("failover-pod"), args.get("failover-pid"),
                args.getOrDefault("failover-signal", "KILL"), players);
        Map<String, List<Player>> byRoom = new java.util.HashMap<>();
        players.forEach(p -> byRoom.computeIfAbsent(p.room, r -> new ArrayList<>()).add(p));
        for (String room : byRoom.keySet()) {
            String owner = redis.get(io.hyperstudy.model.live.SyncPods.ownerKey(room));
            if (owner != null && io.hyperstudy.model.live.SyncPods.ownerPod(owner).equals(f.podId())) {
                f.expectMoved(byRoom.get(room));
            }
        }
        f.run(Integer.parseInt(args.getOrDefault("failover-window", "30")));
    }

    private static RedisProbe openRedis(String address) {
        try {
            RedisProbe probe = new RedisProbe(address);
            probe.commandsProcessed();
            return probe;
        } catch (Exception e) {
            System.out.println("Redis at " + address + " not read (" + e + "): no Redis figures");
            return null;
        }
    }

    /** Commands per second Redis processes over the next {@code seconds}. */
    private static double redisRate(RedisProbe redis, int seconds) throws Exception {
        long before = redis.commandsProcessed();
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        return (redis.commandsProcessed() - before) / ((System.nanoTime() - t0) / 1e9);
    }

    /** This machine's wall clock in ms to the microsecond, read the way the server reads its own (ServerClock). */
    static double preciseNowMillis() {
        return (System.nanoTime() + EPOCH_OFFSET_NANOS) / 1e6;
    }

    private static final long EPOCH_OFFSET_NANOS = anchor();

    private static long anchor() {
        java.time.Instant wall = java.time.Instant.now();
        long mono = System.nanoTime();
        return wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - mono;
    }

    private static long ownCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** A modelled player: a clock offset from this machine's, and a position that follows commands. */
    final class Player {
        final int index;
        final String room;
        final boolean host;
        final double clockOffset;
        volatile WebSocket socket;
        /** When its latest socket opened (this machine's ms), and whether it has heard its room's timeline on it. */
        volatile double connectedAt;
        volatile boolean greeted;
        double nextReportAt;
        private int attempts;
        private boolean playing;
        private double position;
        private double positionAt;
        private double rate = 1.0;
        private double startAt = Double.NaN;
        /** Seeks and rate changes obeyed, for a player found far off its room. */
        private int seeks;
        private int rates;

        Player(int index, String room, boolean host, double clockOffset, double phase) {
            this.index = index;
            this.room = room;
            this.host = host;
            this.clockOffset = clockOffset;
            this.nextReportAt = System.currentTimeMillis() + phase;
        }

        void connect(CountDownLatch connected) {
            var options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                    .setURI("/ws/rooms/" + room).addHeader("Authorization", "Bearer " + token);
            client.connect(options).onComplete(ar -> {
                if (ar.succeeded()) {
                    WebSocket ws = ar.result();
                    greeted = false;
                    connectedAt = System.currentTimeMillis();
                    socket = ws;
                    open.incrementAndGet();
                    ws.textMessageHandler(this::onFrame);
                    ws.closeHandler(v -> {
                        open.decrementAndGet();
                        socket = null;
                        reconnectLater(ws.closeStatusCode());
                    });
                    attempts = 0;
                } else {
                    failed.incrementAndGet();
                    reconnectLater(null);
                }
                if (connected != null) {
                    connected.countDown();
                }
            });
        }

        /**
         * As the web client does (docs/sync-protocol.md): told to reconnect (4503: its server stops, or the room
         * moved), it comes back within 250-500 ms; any other loss, with exponential backoff up to 10 s.
         */
        private void reconnectLater(Short code) {
            if (stopping) {
                return;
            }
            reconnects.incrementAndGet();
            double delay = code != null && code == 4503 && attempts < 20 ? 250 + Math.random() * 250
                    : Math.min(10_000, 500 * Math.pow(2, attempts)) * (0.75 + Math.random() / 2);
            attempts++;
            vertx.setTimer((long) delay, id -> connect(null));
        }

        void onFrame(String frame) {
            received.incrementAndGet();
            double local = System.currentTimeMillis();
            if (frame.startsWith("{\"v\":2,\"type\":\"ping\"")) {
                int idStart = frame.indexOf("\"id\":") + 5;
                String id = frame.substring(idStart, frame.indexOf(',', idStart));
                if (measuring) {
                    int timeStart = frame.indexOf("\"serverTime\":") + 13;
                    int timeEnd = timeStart;
                    while (timeEnd < frame.length() && "0123456789.E-".indexOf(frame.charAt(timeEnd)) >= 0) {
                        timeEnd++;
                    }
                    pingDelays.add(preciseNowMillis() - Double.parseDouble(frame.substring(timeStart, timeEnd)));
                }
                double t = local + clockOffset;
                send("{\"v\":2,\"type\":\"pong\",\"id\":" + id + ",\"clientReceive\":" + t + ",\"clientSend\":" + t + "}");
                return;
            }
            SyncMessage message = SyncCodec.decode(frame);
            synchronized (this) {
                if (message instanceof Timeline t) {
                    timelines.put(room, t);
                    greeted = true;
                    if (t.state() != PlaybackState.PLAYING) {
                        settle(local);
                        playing = false;
                    }
                } else if (message instanceof RateCommand r) {
                    rates++;
                    settle(local);
                    rate = r.rate();
                } else if (message instanceof SeekCommand s) {
                    seeks++;
                    settle(local);
                    playing = false;
                    position = s.position();
                    rate = s.rate();
                    startAt = s.atClientTime() - clockOffset;
                }
            }
        }

        synchronized double position(double local) {
            if (!playing && !Double.isNaN(startAt) && local >= startAt) {
                position += 0;
                positionAt = startAt;
                playing = true;
                startAt = Double.NaN;
            }
            return playing ? position + (local - positionAt) * rate : position;
        }

        synchronized String describe() {
            return (playing ? "playing" : "not playing") + " at rate " + rate + (Double.isNaN(startAt) ? "" : ", starting at " + startAt);
        }

        /** Its position minus its room's timeline at the same instant, ms; NaN while the room is not playing. */
        double error(double local) {
            Timeline t = timelines.get(room);
            if (t == null || t.state() != PlaybackState.PLAYING || local < t.serverTime() + 3000) {
                return Double.NaN;
            }
            return position(local) - (t.position() + (local - t.serverTime()) * t.rate());
        }

        private void settle(double local) {
            position = position(local);
            positionAt = local;
        }

        void report(double local) {
            double pos;
            boolean paused;
            synchronized (this) {
                pos = position(local);
                paused = !playing;
            }
            send("{\"v\":2,\"type\":\"report\",\"clientTime\":" + (local + clockOffset) + ",\"position\":" + pos
                    + ",\"rate\":" + rate + ",\"paused\":" + paused + ",\"buffering\":false}");
        }

        void send(String text) {
            WebSocket ws = socket;
            if (ws != null) {
                sent.incrementAndGet();
                ws.writeTextMessage(text);
            }
        }
    }

    /** What the server's own metrics say, and its live heap after a GC when its pid is known. */
    static final class Server {
        private final URI metrics;
        private final String pid;
        private final HttpClient http = HttpClient.newHttpClient();

        Server(URI metrics, String pid) {
            this.metrics = metrics;
            this.pid = pid;
        }

        record Sample(double frames, double handlingP50Ms, double handlingP99Ms, double cpuSeconds) {
        }

        Sample sample() throws Exception {
            String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            double cpu = pid != null ? procCpuSeconds(pid) : metric(text, "process_cpu_time_ns_total", "") / 1e9;
            return new Sample(metric(text, "sync_frame_handling_seconds_count", ""),
                    metric(text, "sync_frame_handling_seconds", "quantile=\"0.5\"") * 1000,
                    metric(text, "sync_frame_handling_seconds", "quantile=\"0.99\"") * 1000, cpu);
        }

        double cpuSeconds() throws Exception {
            return pid != null ? procCpuSeconds(pid) : Double.NaN;
        }

        /** The longest wait for a pooled Redis connection the server's registry still reports. */
        double redisPoolWaitMaxSeconds() throws Exception {
            String text = http.send(HttpRequest.newBuilder(metrics).timeout(java.time.Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return metric(text, "redis_pool_queue_delay_seconds_max", "");
        }

        double liveHeapBytes() throws Exception {
            if (pid == null) {
                return Double.NaN;
            }
            new ProcessBuilder("jcmd", pid, "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }

        private static double metric(String text, String name, String label) {
            return text.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                    .filter(l -> l.contains(label))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
        }

        static double procCpuSeconds(String pid) throws Exception {
            String[] stat = procStat(pid);
            long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            return ticks / 100.0;
        }

        /** The fields of /proc/PID/stat after the command name: state first, then utime at 11 and stime at 12. */
        static String[] procStat(String pid) throws java.io.IOException {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        }
    }
}
