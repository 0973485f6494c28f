package io.hyperstudy.sync.ws;

import io.hyperstudy.model.sync.Hello;
import io.hyperstudy.model.sync.Ping;
import io.hyperstudy.model.sync.Pong;
import io.hyperstudy.model.sync.ProtocolException;
import io.hyperstudy.model.sync.Report;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.SyncMessage;
import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.sync.config.SyncConfig;
import io.hyperstudy.sync.timeline.RoomTimelines;
import io.hyperstudy.sync.timeline.ServerClock;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One socket per participant per room. Callers: staff (experimenter, admin) for now; the HTTP
 * upgrade is refused with 401/403 otherwise (see application.properties). Browsers send the token
 * in the {@code quarkus-http-upgrade} sub-protocol. The wire protocol is docs/sync-protocol.md.
 */
@WebSocket(path = "/ws/rooms/{roomId}")
public class RoomSocket {
    static final String ROOM_ID = "roomId";
    private static final TypedKey<Long> LAST_PING = TypedKey.forLong("lastPing");
    private static final AtomicLong PING_IDS = new AtomicLong();

    @Inject
    WebSocketConnection connection;

    @Inject
    SecurityIdentity identity;

    @Inject
    SyncConfig config;

    @Inject
    ServerClock clock;

    @Inject
    RoomTimelines timelines;

    @Inject
    RoomBroadcaster broadcaster;

    @OnOpen
    public void onOpen() {
        String roomId = connection.pathParam(ROOM_ID);
        double now = clock.nowMillis();
        send(new Hello(roomId, identity.getPrincipal().getName(), role(), now));
        send(timelines.get(roomId, now).toMessage());
        ping();
    }

    @OnTextMessage
    public void onMessage(String frame) {
        SyncMessage message;
        try {
            message = SyncCodec.decodeFromClient(frame, config.maxFrameBytes());
        } catch (ProtocolException e) {
            send(e.toFrame());
            return;
        }
        if (message instanceof Pong pong) {
            onPong(pong);
        } else if (message instanceof Report report) {
            onReport(report);
        } else if (message instanceof TimelineCommand command) {
            onCommand(command);
        }
    }

    @OnClose
    public void onClose() {
        // presence and per-client state come with the sync engine
    }

    private void onPong(Pong pong) {
        Long expected = connection.userData().get(LAST_PING);
        if (expected == null || !expected.equals(pong.id())) {
            send(new ProtocolException(io.hyperstudy.model.sync.ErrorCode.INVALID,
                    "pong " + pong.id() + " answers no outstanding ping").toFrame());
        }
    }

    private void onReport(Report report) {
        // the controller that turns reports into rate and seek commands comes with the sync engine
    }

    private void onCommand(TimelineCommand command) {
        String roomId = connection.pathParam(ROOM_ID);
        broadcaster.send(roomId, timelines.apply(roomId, command, clock.nowMillis()).toMessage());
    }

    private void ping() {
        long id = PING_IDS.incrementAndGet();
        connection.userData().put(LAST_PING, id);
        send(new Ping(id, clock.nowMillis()));
    }

    private String role() {
        return identity.hasRole("admin") ? "admin" : identity.hasRole("experimenter") ? "experimenter" : "participant";
    }

    private void send(SyncMessage message) {
        connection.sendTextAndAwait(SyncCodec.encode(message));
    }
}
