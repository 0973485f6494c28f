package io.hyperstudy.testinfra;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import livekit.LivekitModels;
import livekit.LivekitRoom;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the LiveKit server's room API, since no LiveKit server can run here. It speaks the real
 * wire protocol: Twirp over HTTP ({@code POST /twirp/livekit.RoomService/<Method>}) with protobuf bodies
 * from LiveKit's own message classes, and it checks the API token the SDK sends (HS256 with the API
 * secret, issued by the API key, with the grant the method needs: {@code roomCreate}, or {@code roomList}
 * to list), answering 401 otherwise. It keeps
 * rooms in memory and records every call. It does not model media, participants or node placement.
 */
public final class LiveKitStandIn implements AutoCloseable {
    public static final String API_KEY = "standin-key";
    public static final String API_SECRET = "standin-secret-long-enough-for-hs256-signatures";

    private final HttpServer server;
    private final Map<String, LivekitModels.Room> rooms = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    public LiveKitStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/twirp/livekit.RoomService/", this::roomService);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The rooms that exist now, by name. */
    public Map<String, LivekitModels.Room> rooms() {
        return Map.copyOf(rooms);
    }

    /** Every call so far, as {@code Method room}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    private void roomService(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestURI().getPath().substring("/twirp/livekit.RoomService/".length());
            String grant = method.equals("ListRooms") ? "roomList" : "roomCreate";
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
                    reply(x, LivekitRoom.DeleteRoomResponse.getDefaultInstance().toByteArray());
                }
                case "ListRooms" -> {
                    calls.add("ListRooms");
                    reply(x, LivekitRoom.ListRoomsResponse.newBuilder().addAllRooms(rooms.values()).build().toByteArray());
                }
                default -> twirpError(x, 404, "bad_route", "no method " + method);
            }
        }
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
    }
}
