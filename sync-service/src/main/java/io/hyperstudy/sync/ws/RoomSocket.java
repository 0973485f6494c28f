package io.hyperstudy.sync.ws;

import io.hyperstudy.model.sync.ErrorCode;
import io.hyperstudy.model.sync.Hello;
import io.hyperstudy.model.sync.Pong;
import io.hyperstudy.model.sync.ProtocolException;
import io.hyperstudy.model.sync.Report;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.SyncMessage;
import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.sync.clock.PingSchedule;
import io.hyperstudy.sync.config.SyncConfig;
import io.hyperstudy.sync.events.SyncQualityPublisher;
import io.hyperstudy.sync.timeline.BufferingHolds;
import io.hyperstudy.sync.timeline.RoomTimeline;
import io.hyperstudy.sync.timeline.RoomTimelines;
import io.hyperstudy.sync.timeline.ServerClock;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/**
 * One socket per participant per room. Callers: staff (experimenter, admin), and participants whose
 * pass names this room ({@link RoomAccessPolicy}); the HTTP upgrade is refused with 401/403 otherwise.
 * Browsers send the token in the {@code quarkus-http-upgrade} sub-protocol. The wire protocol is
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
    private static final TypedKey<ClientSession> SESSION = new TypedKey<>("session");
    private static final PingSchedule PINGS = PingSchedule.defaults();

    @Inject
    SecurityIdentity identity;

    @Inject
    SyncConfig config;

    @Inject
    ServerClock clock;

    @Inject
    RoomTimelines timelines;

    @Inject
    RoomSessions sessions;

    @Inject
    BufferingHolds holds;

    @Inject
    Vertx vertx;

    @Inject
    SyncQualityPublisher quality;

    private final Timer handling;

    @Inject
    RoomSocket(MeterRegistry registry) {
        // what a frame costs the server, from arrival to the last reply queued
        handling = Timer.builder("sync.frame.handling").description("Handling time of one client frame")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        String roomId = connection.pathParam(ROOM_ID);
        boolean staff = identity.hasRole("admin") || identity.hasRole("experimenter");
        Pass pass = staff ? null : Pass.of(identity);
        String role = identity.hasRole("admin") ? "admin" : staff ? "experimenter"
                : pass.role() != null ? pass.role() : "participant";
        double now = clock.nowMillis();
        ClientSession session = new ClientSession(connection, roomId, identity.getPrincipal().getName(), role, staff,
                staff || pass.host(), new FloodGuard(config.maxFramesPerSecond(), config.frameBurst(), config.maxRefusedFrames()), now);
        connection.userData().put(SESSION, session);
        session.send(new Hello(roomId, session.participantId, role, now));
        session.send(timelines.get(roomId, now).toMessage());
        sessions.join(session);
        schedulePing(session, 1);
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
        switch (session.admit(now)) {
            case REFUSE -> {
                session.send(new ProtocolException(ErrorCode.RATE_LIMITED,
                        "more than " + config.maxFramesPerSecond() + " frames a second").toFrame());
                return;
            }
            case DISCONNECT -> {
                connection.close(new CloseReason(CLOSE_FLOODING, "message rate exceeded")).subscribe().with(v -> { });
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
            RoomTimeline timeline = timelines.get(session.roomId, now);
            var hold = holds.onReport(session.roomId, session.participantId, report.buffering(), timeline, now);
            if (hold.isPresent()) {
                sessions.timelineChanged(session.roomId, timelines.apply(session.roomId, hold.get(), now));
            } else {
                session.onReport(report, timeline, now).ifPresent(session::send);
            }
        } else if (message instanceof TimelineCommand command) {
            if (!session.steers) {
                session.send(new ProtocolException(ErrorCode.FORBIDDEN, "only staff or the host may steer playback")
                        .toFrame());
                return;
            }
            holds.staffCommand(session.roomId);
            sessions.timelineChanged(session.roomId, timelines.apply(session.roomId, command, now));
        }
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        ClientSession session = connection.userData().get(SESSION);
        if (session != null) {
            vertx.cancelTimer(session.timerId);
            sessions.leave(session);
            double now = clock.nowMillis();
            holds.onLeave(session.roomId, session.participantId, now).ifPresent(resume ->
                    sessions.timelineChanged(session.roomId, timelines.apply(session.roomId, resume, now)));
            quality.publish(session.summary(clock.nowMillis()));
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
