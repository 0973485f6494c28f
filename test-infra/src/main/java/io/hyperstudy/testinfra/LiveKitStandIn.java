package io.hyperstudy.testinfra;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import livekit.LivekitEgress;
import livekit.LivekitModels;
import livekit.LivekitRoom;
import livekit.LivekitWebhook;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the LiveKit server's API, since no LiveKit server can run here. It speaks the real wire
 * protocol: Twirp over HTTP ({@code POST /twirp/livekit.RoomService/<Method>},
 * {@code /twirp/livekit.Egress/<Method>}) with protobuf bodies from LiveKit's own message classes, and it
 * checks the API token the SDK sends (HS256 with the API secret, issued by the API key, with the grant the
 * method needs: {@code roomCreate}, {@code roomList}, {@code roomAdmin} or {@code roomRecord}), answering
 * 401 otherwise. Egress runs through LiveKit's lifecycle (starting, active, ending, complete) and reports
 * it by signed webhooks ({@link LiveKitWebhooks}), as do participants joining.
 * <p>It does not model media: no WebRTC, no tracks, no real MP4 (an egress reports a file with a size and
 * duration made up from its run time, and uploads that many made-up bytes when its output names the bucket of
 * {@link #uploadsTo}); no node placement, no room auto-close, no webhook retries.
 */
public final class LiveKitStandIn implements AutoCloseable {
    public static final String API_KEY = "standin-key";
    public static final String API_SECRET = "standin-secret-long-enough-for-hs256-signatures";
    private static final String ROOMS = "/twirp/livekit.RoomService/";
    private static final String EGRESS = "/twirp/livekit.Egress/";

    private final HttpServer server;
    private final Map<String, LivekitModels.Room> rooms = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LivekitModels.ParticipantInfo>> participants = new ConcurrentHashMap<>();
    private final Map<String, LivekitEgress.EgressInfo> egresses = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final LiveKitWebhooks webhooks = new LiveKitWebhooks(API_KEY, API_SECRET);
    private final ScheduledExecutorService lifecycle = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "livekit-standin-egress");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger ids = new AtomicInteger();
    private volatile long activationMillis = 150;
    private volatile String failNextEgress;
    private volatile CloudStorageStandIn uploads;

    public LiveKitStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext(ROOMS, this::roomService);
        server.createContext(EGRESS, this::egressService);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public LiveKitWebhooks webhooks() {
        return webhooks;
    }

    /** The rooms that exist now, by name. */
    public Map<String, LivekitModels.Room> rooms() {
        return Map.copyOf(rooms);
    }

    /** Every egress so far, by id, as it stands now. */
    public Map<String, LivekitEgress.EgressInfo> egresses() {
        return Map.copyOf(egresses);
    }

    /** Every call so far, as {@code Method subject}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** How long an egress takes from starting to active (LiveKit's takes a second or two to launch). */
    public void activationDelay(long millis) {
        activationMillis = millis;
    }

    /** The next egress fails as it launches, with this error, as LiveKit's does when its pipeline cannot start. */
    public void failNextEgress(String error) {
        failNextEgress = error;
    }

    /** Egress outputs that name this bucket are uploaded to it when they complete, as LiveKit's GCP upload does. */
    public void uploadsTo(CloudStorageStandIn storage) {
        uploads = storage;
    }

    /** A participant connects to a room, as a client with a token would: LiveKit sends participant_joined. */
    public void join(String room, String identity) {
        if (!rooms.containsKey(room)) {
            throw new IllegalStateException("no room " + room);
        }
        var info = LivekitModels.ParticipantInfo.newBuilder().setSid("PA_" + ids.incrementAndGet()).setIdentity(identity)
                .setState(LivekitModels.ParticipantInfo.State.ACTIVE).setIsPublisher(true)
                .setJoinedAt(System.currentTimeMillis() / 1000).setJoinedAtMs(System.currentTimeMillis()).build();
        participants.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).put(identity, info);
        webhooks.send(event("participant_joined").setRoom(rooms.get(room)).setParticipant(info).build());
    }

    private void roomService(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestURI().getPath().substring(ROOMS.length());
            String grant = switch (method) {
                case "ListRooms" -> "roomList";
                case "ListParticipants" -> "roomAdmin";
                default -> "roomCreate";
            };
            if (!authorized(x, grant)) {
                twirpError(x, 401, "unauthenticated", "a valid LiveKit API token with " + grant + " is required");
                return;
            }
            byte[] body = x.getRequestBody().readAllBytes();
            switch (method) {
                case "CreateRoom" -> {
                    var request = LivekitRoom.CreateRoomRequest.parseFrom(body);
                    calls.add("CreateRoom " + request.getName());
                    // as LiveKit: creating an existing room returns it unchanged
                    LivekitModels.Room room = rooms.computeIfAbsent(request.getName(), name -> LivekitModels.Room.newBuilder()
                            .setSid("RM_" + Integer.toHexString(name.hashCode())).setName(name)
                            .setEmptyTimeout(request.getEmptyTimeout()).setMaxParticipants(request.getMaxParticipants())
                            .setCreationTime(System.currentTimeMillis() / 1000).setMetadata(request.getMetadata()).build());
                    reply(x, room.toByteArray());
                }
                case "DeleteRoom" -> {
                    var request = LivekitRoom.DeleteRoomRequest.parseFrom(body);
                    calls.add("DeleteRoom " + request.getRoom());
                    if (rooms.remove(request.getRoom()) == null) {
                        twirpError(x, 404, "not_found", "requested room does not exist");
                        return;
                    }
                    participants.remove(request.getRoom());
                    // as LiveKit: a room's end aborts what still records it
                    egresses.values().stream().filter(e -> e.getRoomName().equals(request.getRoom()) && running(e))
                            .forEach(e -> finish(e.getEgressId(), LivekitEgress.EgressStatus.EGRESS_COMPLETE, ""));
                    reply(x, LivekitRoom.DeleteRoomResponse.getDefaultInstance().toByteArray());
                }
                case "ListRooms" -> {
                    calls.add("ListRooms");
                    reply(x, LivekitRoom.ListRoomsResponse.newBuilder().addAllRooms(rooms.values()).build().toByteArray());
                }
                case "ListParticipants" -> {
                    var request = LivekitRoom.ListParticipantsRequest.parseFrom(body);
                    calls.add("ListParticipants " + request.getRoom());
                    if (!rooms.containsKey(request.getRoom())) {
                        twirpError(x, 404, "not_found", "requested room does not exist");
                        return;
                    }
                    reply(x, LivekitRoom.ListParticipantsResponse.newBuilder()
                            .addAllParticipants(participants.getOrDefault(request.getRoom(), Map.of()).values())
                            .build().toByteArray());
                }
                default -> twirpError(x, 404, "bad_route", "no method " + method);
            }
        }
    }

    private void egressService(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestURI().getPath().substring(EGRESS.length());
            if (!authorized(x, "roomRecord")) {
                twirpError(x, 401, "unauthenticated", "a valid LiveKit API token with roomRecord is required");
                return;
            }
            byte[] body = x.getRequestBody().readAllBytes();
            switch (method) {
                case "StartRoomCompositeEgress" -> {
                    var request = LivekitEgress.RoomCompositeEgressRequest.parseFrom(body);
                    calls.add("StartRoomCompositeEgress " + request.getRoomName());
                    LivekitEgress.EncodedFileOutput file = request.getFileOutputsCount() > 0
                            ? request.getFileOutputs(0) : request.getFile();
                    start(x, request.getRoomName(), file, b -> b.setRoomComposite(request)
                            .setSourceType(LivekitEgress.EgressSourceType.EGRESS_SOURCE_TYPE_WEB));
                }
                case "StartParticipantEgress" -> {
                    var request = LivekitEgress.ParticipantEgressRequest.parseFrom(body);
                    calls.add("StartParticipantEgress " + request.getRoomName() + " " + request.getIdentity());
                    if (!participants.getOrDefault(request.getRoomName(), Map.of()).containsKey(request.getIdentity())) {
                        twirpError(x, 404, "not_found", "participant not found");
                        return;
                    }
                    start(x, request.getRoomName(), request.getFileOutputs(0), b -> b.setParticipant(request)
                            .setSourceType(LivekitEgress.EgressSourceType.EGRESS_SOURCE_TYPE_SDK));
                }
                case "StopEgress" -> {
                    var request = LivekitEgress.StopEgressRequest.parseFrom(body);
                    calls.add("StopEgress " + request.getEgressId());
                    LivekitEgress.EgressInfo info = egresses.get(request.getEgressId());
                    if (info == null) {
                        twirpError(x, 404, "not_found", "egress does not exist");
                        return;
                    }
                    if (!running(info)) {
                        twirpError(x, 412, "failed_precondition",
                                "egress with status " + info.getStatus() + " cannot be stopped");
                        return;
                    }
                    LivekitEgress.EgressInfo ending = update(info.toBuilder().setStatus(LivekitEgress.EgressStatus.EGRESS_ENDING));
                    webhooks.send(event("egress_updated").setEgressInfo(ending).build());
                    lifecycle.schedule(() -> finish(info.getEgressId(), LivekitEgress.EgressStatus.EGRESS_COMPLETE, ""),
                            50, TimeUnit.MILLISECONDS);
                    reply(x, ending.toByteArray());
                }
                case "ListEgress" -> {
                    var request = LivekitEgress.ListEgressRequest.parseFrom(body);
                    calls.add("ListEgress " + request.getRoomName() + request.getEgressId());
                    var answer = LivekitEgress.ListEgressResponse.newBuilder();
                    egresses.values().stream()
                            .filter(e -> request.getRoomName().isEmpty() || e.getRoomName().equals(request.getRoomName()))
                            .filter(e -> request.getEgressId().isEmpty() || e.getEgressId().equals(request.getEgressId()))
                            .filter(e -> !request.getActive() || running(e))
                            .forEach(answer::addItems);
                    reply(x, answer.build().toByteArray());
                }
                default -> twirpError(x, 404, "bad_route", "no method " + method);
            }
        }
    }

    private void start(HttpExchange x, String roomName, LivekitEgress.EncodedFileOutput file,
                       java.util.function.UnaryOperator<LivekitEgress.EgressInfo.Builder> request) throws IOException {
        LivekitModels.Room room = rooms.get(roomName);
        if (room == null) {
            twirpError(x, 404, "not_found", "requested room does not exist");
            return;
        }
        if (file.getFilepath().isEmpty()) {
            twirpError(x, 400, "invalid_argument", "a file output with a filepath is required");
            return;
        }
        String id = "EG_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        var builder = request.apply(LivekitEgress.EgressInfo.newBuilder()).setEgressId(id).setRoomId(room.getSid())
                .setRoomName(roomName).setStatus(LivekitEgress.EgressStatus.EGRESS_STARTING)
                .setUpdatedAt(nowNanos());
        // the file as LiveKit reports it, filled in as the egress runs
        builder.setFile(LivekitEgress.FileInfo.newBuilder().setFilename(file.getFilepath())
                .setLocation(file.hasGcp() ? "gs://" + file.getGcp().getBucket() + "/" + file.getFilepath() : file.getFilepath()));
        LivekitEgress.EgressInfo starting = update(builder);
        webhooks.send(event("egress_started").setEgressInfo(starting).build());
        String failure = failNextEgress;
        failNextEgress = null;
        lifecycle.schedule(() -> {
            if (failure != null) {
                finish(id, LivekitEgress.EgressStatus.EGRESS_FAILED, failure);
                return;
            }
            LivekitEgress.EgressInfo current = egresses.get(id);
            if (current.getStatus() == LivekitEgress.EgressStatus.EGRESS_STARTING) {
                long now = nowNanos();
                LivekitEgress.EgressInfo active = update(current.toBuilder().setStatus(LivekitEgress.EgressStatus.EGRESS_ACTIVE)
                        .setStartedAt(now).setFile(current.getFile().toBuilder().setStartedAt(now)));
                webhooks.send(event("egress_updated").setEgressInfo(active).build());
            }
        }, activationMillis, TimeUnit.MILLISECONDS);
        reply(x, starting.toByteArray());
    }

    private synchronized void finish(String id, LivekitEgress.EgressStatus status, String error) {
        LivekitEgress.EgressInfo current = egresses.get(id);
        if (current == null || !running(current)) {
            return;
        }
        long now = nowNanos();
        var builder = current.toBuilder().setStatus(status).setEndedAt(now).setError(error);
        if (status == LivekitEgress.EgressStatus.EGRESS_COMPLETE && current.getStartedAt() > 0) {
            long duration = now - current.getStartedAt();
            // an egress writes about 2 Mbit/s of H.264 and Opus
            LivekitEgress.FileInfo file = current.getFile().toBuilder().setEndedAt(now).setDuration(duration)
                    .setSize(duration / 1_000_000_000L * 250_000 + 4_096).build();
            builder.setFile(file).clearFileResults().addFileResults(file);
            CloudStorageStandIn bucket = uploads;
            if (bucket != null && file.getLocation().equals("gs://" + bucket.bucket() + "/" + file.getFilename())) {
                byte[] content = new byte[(int) file.getSize()];
                new java.util.Random(file.getSize()).nextBytes(content);
                bucket.put(file.getFilename(), content, "video/mp4");
            }
        }
        LivekitEgress.EgressInfo ended = update(builder);
        webhooks.send(event("egress_ended").setEgressInfo(ended).build());
    }

    private synchronized LivekitEgress.EgressInfo update(LivekitEgress.EgressInfo.Builder builder) {
        LivekitEgress.EgressInfo info = builder.setUpdatedAt(nowNanos()).build();
        egresses.put(info.getEgressId(), info);
        return info;
    }

    private static boolean running(LivekitEgress.EgressInfo e) {
        return switch (e.getStatus()) {
            case EGRESS_STARTING, EGRESS_ACTIVE, EGRESS_ENDING -> true;
            default -> false;
        };
    }

    private LivekitWebhook.WebhookEvent.Builder event(String name) {
        return LivekitWebhook.WebhookEvent.newBuilder().setEvent(name).setId("EV_" + ids.incrementAndGet())
                .setCreatedAt(System.currentTimeMillis() / 1000);
    }

    private static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    private boolean authorized(HttpExchange x, String grant) {
        String header = x.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        try {
            DecodedJWT jwt = JWT.require(Algorithm.HMAC256(API_SECRET)).withIssuer(API_KEY).build()
                    .verify(header.substring(7));
            Map<String, Object> video = jwt.getClaim("video").asMap();
            return video != null && Boolean.TRUE.equals(video.get(grant));
        } catch (JWTVerificationException e) {
            return false;
        }
    }

    private static void reply(HttpExchange x, byte[] protobuf) throws IOException {
        x.getResponseHeaders().set("Content-Type", "application/protobuf");
        x.sendResponseHeaders(200, protobuf.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(protobuf);
        }
    }

    private static void twirpError(HttpExchange x, int status, String code, String message) throws IOException {
        byte[] json = ("{\"code\":\"" + code + "\",\"msg\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, json.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(json);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        lifecycle.shutdownNow();
        webhooks.close();
    }
}
