package io.hyperstudy.sync.ws;

import io.hyperstudy.model.live.SyncPods;
import io.hyperstudy.model.sync.ErrorCode;
import io.hyperstudy.model.pass.ParticipantPass;
import io.hyperstudy.model.sync.PassRenewal;
import io.hyperstudy.model.sync.Pong;
import io.hyperstudy.model.sync.ProtocolException;
import io.hyperstudy.model.sync.Report;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.SyncMessage;
import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.sync.access.Passes;
import io.hyperstudy.sync.access.RoomAccess;
import io.hyperstudy.sync.access.RoomAccessPolicy;
import io.hyperstudy.sync.access.StaffAccess;
import io.hyperstudy.sync.clock.PingSchedule;
import io.hyperstudy.sync.config.SyncConfig;
import io.hyperstudy.sync.room.ServerClock;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.websockets.next.WebSocketSecurity;
import io.smallrye.common.annotation.NonBlocking;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * One socket per participant per room. Callers: staff who may see the room's experiment, and
 * participants whose pass names this room and who have not left it ({@link RoomAccessPolicy}); the HTTP
 * upgrade is refused with 401/403 otherwise. Staff steer playback only with editor access; a
 * participant only in the experiment's host role. Browsers send the token in the
 * {@code quarkus-http-upgrade} sub-protocol. The wire protocol and the close codes are
 * docs/sync-protocol.md.
 *
 * <p>Handlers run on the event loop: they never block, and a pong is stamped the moment it arrives.
 * The connection is taken as a parameter, not injected: the injected one is a proxy bound to the
 * handler's context, and sessions use theirs from timers and from other rooms' events too.
 */
@WebSocket(path = "/ws/rooms/{roomId}")
public class RoomSocket {
    static final String ROOM_ID = "roomId";
    /** RFC 6455 policy violation: the client sent more than it may. */
    static final int CLOSE_FLOODING = 1008;
    /** The pass this socket lives on expired and was not renewed on the socket. */
    public static final int CLOSE_PASS_EXPIRED = 4401;
    /** The participant's part in the room is over (dropped, withdrawn, completed, ended). */
    public static final int CLOSE_LEFT_ROOM = 4403;
    /** The room is served elsewhere now: reconnect at once, through the gateway ({@link SyncPods#CLOSE_RECONNECT}). */
    public static final int CLOSE_RECONNECT = SyncPods.CLOSE_RECONNECT;
    /** The participant already holds as many sockets in this room as they may. */
    public static final int CLOSE_TOO_MANY_SOCKETS = 4409;
    private static final TypedKey<ClientSession> SESSION = new TypedKey<>("session");
    private static final long EXPIRY_MARGIN_MS = 1000;
    private static final PingSchedule PINGS = PingSchedule.defaults();

    @Inject
    SecurityIdentity identity;

    @Inject
    SyncConfig config;

    @Inject
    ServerClock clock;

    @Inject
    RoomFeed feed;

    @Inject
    Vertx vertx;

    @Inject
    RoomAccess access;

    @Inject
    Passes passes;

    @Inject
    WebSocketSecurity security;

    private final Timer handling;

    @Inject
    RoomSocket(MeterRegistry registry) {
        // what a frame costs the server, from arrival to the last reply queued
        handling = Timer.builder("sync.frame.handling").description("Handling time of one client frame")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        String roomId = connection.pathParam(ROOM_ID);
        boolean staff = RoomAccess.isStaff(identity);
        Optional<ParticipantPass> pass = staff ? Optional.empty() : passes.of(identity);
        String principal = identity.getPrincipal().getName();
        String role = identity.hasRole("admin") ? "admin" : staff ? "experimenter"
                : pass.map(ParticipantPass::role).orElse("participant");
        long expiresAt = staff ? Long.MAX_VALUE : Passes.expiresAt(identity) * 1000L;
        Uni<Boolean> steers = staff ? access.of(identity, roomId).map(a -> a == StaffAccess.STEER)
                : Uni.createFrom().item(pass.map(ParticipantPass::host).orElse(false));
        return steers.invoke(maySteer -> open(connection, roomId, principal, role, staff, maySteer, expiresAt))
                .replaceWithVoid();
    }

    private void open(WebSocketConnection connection, String roomId, String principal, String role, boolean staff,
                      boolean steers, long passExpiresAt) {
        double now = clock.nowMillis();
        ClientSession session = new ClientSession(connection, roomId, principal, role, staff, steers,
                new FloodGuard(config.maxFramesPerSecond(), config.frameBurst(), config.maxRefusedFrames()), now);
        session.passExpiresAtMs = passExpiresAt;
        connection.userData().put(SESSION, session);
        // pings begin once the socket has joined its room (its hello comes first), and what the client sent
        // while its pod was claiming the room is handled then, in order
        feed.open(session, config.maxSocketsPerParticipant(), () -> {
            schedulePing(session, 1);
            session.takeEarly().forEach(frame -> handle(frame, connection));
        });
        if (!staff) {
            scheduleExpiry(session);
        }
    }

    @OnTextMessage
    @NonBlocking
    public void onMessage(String frame, WebSocketConnection connection) {
        long started = System.nanoTime();
        try {
            handle(frame, connection);
        } finally {
            handling.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private void handle(String frame, WebSocketConnection connection) {
        double now = clock.nowMillis();
        ClientSession session = connection.userData().get(SESSION);
        if (session == null || session.closing()) {
            // a socket being closed (flooding, left, refused) may still deliver frames: drop them quietly
            return;
        }
        if (session.keepEarly(frame)) {
            return;
        }
        switch (session.admit(now)) {
            case REFUSE -> {
                session.send(new ProtocolException(ErrorCode.RATE_LIMITED,
                        "more than " + config.maxFramesPerSecond() + " frames a second").toFrame());
                return;
            }
            case DISCONNECT -> {
                session.close(CLOSE_FLOODING, "message rate exceeded");
                return;
            }
            default -> {
            }
        }
        SyncMessage message;
        try {
            message = SyncCodec.decodeFromClient(frame, config.maxFrameBytes());
        } catch (ProtocolException e) {
            session.send(e.toFrame());
            return;
        }
        if (message instanceof Pong pong) {
            if (!session.onPong(pong, now)) {
                session.send(new ProtocolException(ErrorCode.INVALID,
                        "pong " + pong.id() + " answers no outstanding ping").toFrame());
            }
        } else if (message instanceof Report report) {
            feed.report(session, report, now);
        } else if (message instanceof PassRenewal renewal) {
            renew(session, renewal);
        } else if (message instanceof TimelineCommand command) {
            if (!session.steers) {
                session.send(new ProtocolException(ErrorCode.FORBIDDEN,
                        "only editors of the experiment or the host may steer playback")
                        .toFrame());
                return;
            }
            feed.command(session, command, now);
        }
    }

    /**
     * A participant's renewed pass keeps their socket open past the old pass's expiry. The connection's
     * identity is replaced by the new pass's (Quarkus refuses one for another principal), and the new pass
     * must still name this room: one that names none means its holder has left it.
     */
    private void renew(ClientSession session, PassRenewal renewal) {
        if (session.staff) {
            session.send(new ProtocolException(ErrorCode.FORBIDDEN, "staff sockets need no pass").toFrame());
            return;
        }
        security.updateSecurityIdentity(renewal.token()).whenComplete((renewed, failure) -> {
            Optional<ParticipantPass> pass = failure == null ? passes.of(renewed) : Optional.empty();
            if (failure != null) {
                // expired, forged, or another participant's (Quarkus keeps one principal per connection)
                session.send(new ProtocolException(ErrorCode.INVALID,
                        "that pass does not verify as this participant's").toFrame());
            } else if (pass.isEmpty() || !session.participantId.equals(pass.get().participantId())) {
                session.send(new ProtocolException(ErrorCode.FORBIDDEN, "that pass is not this participant's")
                        .toFrame());
            } else if (!session.roomId.equals(pass.get().roomId())) {
                session.close(CLOSE_LEFT_ROOM, "left the room: the renewed pass names no room");
            } else {
                session.passExpiresAtMs = Math.max(session.passExpiresAtMs, Passes.expiresAt(renewed) * 1000L);
            }
        });
    }

    /**
     * Closes a participant's socket when the last pass it was given expires (renewals push that back), a
     * moment before Quarkus would close it with the generic 1008, so the client learns why.
     */
    private void scheduleExpiry(ClientSession session) {
        long delay = session.passExpiresAtMs - EXPIRY_MARGIN_MS - System.currentTimeMillis();
        if (delay <= 0) {
            session.close(CLOSE_PASS_EXPIRED, "pass expired");
            return;
        }
        session.expiryTimerId = vertx.setTimer(Math.max(1, delay), id -> {
            if (!session.closing()) {
                scheduleExpiry(session);
            }
        });
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            vertx.cancelTimer(session.timerId);
            vertx.cancelTimer(session.expiryTimerId);
            // in the room's lane, after its join: a socket refused as one too many never joined
            feed.close(session);
        }
    }

    /** Pings run on a timer of their own, so a slow path does not slow the clock model's burst. */
    private void schedulePing(ClientSession session, double delayMs) {
        session.timerId = vertx.setTimer(Math.max(1, Math.round(delayMs)), id -> {
            if (!session.connection.isOpen()) {
                return;
            }
            session.send(session.ping(clock.nowMillis()));
            schedulePing(session, session.nextPingDelayMs(PINGS));
        });
    }
}
