package io.hyperstudy.sync.ws;

import io.hyperstudy.model.events.SyncQualityReported;
import io.hyperstudy.model.sync.Ping;
import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.Pong;
import io.hyperstudy.model.sync.Report;
import io.hyperstudy.model.sync.RoomState;
import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.sync.affinity.RoomLeases;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.SyncMessage;
import io.hyperstudy.sync.clock.ClockEstimator;
import io.hyperstudy.sync.clock.PingSchedule;
import io.hyperstudy.sync.control.PlaybackController;
import io.hyperstudy.sync.timeline.RoomTimeline;
import io.quarkus.websockets.next.WebSocketConnection;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One participant's connection to a room: its clock model, its playback controller, the pings it has
 * not answered yet and its flood guard. Frames and timers of one connection may run on different
 * threads, so the state is guarded by the session's monitor.
 */
final class ClientSession {
    private static final Logger LOG = Logger.getLogger(ClientSession.class);
    private static final int MAX_OUTSTANDING_PINGS = 16;

    final WebSocketConnection connection;
    final String roomId;
    final String participantId;
    final String role;
    final boolean staff;
    /** May steer the room's playback: staff, or a participant whose role is the experiment's host role. */
    final boolean steers;
    private final ClockEstimator clock = new ClockEstimator();
    private final PlaybackController controller = new PlaybackController();
    private final FloodGuard flood;
    private final Map<Long, Double> outstanding = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Double> eldest) {
            return size() > MAX_OUTSTANDING_PINGS;
        }
    };
    private long nextPingId = 1;
    /** The latest position errors while playing (about 2.5 minutes of reports). */
    private final double[] errors = new double[600];
    private int errorCount;
    final double connectedAt;
    private double lastReportAt = Double.NaN;
    /** Per media id, the client times it reported: when it could play it, when it showed the first frame. */
    private final Map<String, double[]> videos = new LinkedHashMap<>();
    private static final int MAX_VIDEOS = 64;
    volatile long timerId = -1;
    volatile long expiryTimerId = -1;
    /** When the pass this socket lives on expires (epoch ms); staff sockets: never. */
    volatile long passExpiresAtMs = Long.MAX_VALUE;
    /** Admitted to its room (not refused as one socket too many): it counts in presence and exports. */
    volatile boolean joined;
    /** The seq of the last room frame sent: each state reaches the socket once, in order. */
    private long roomSeq = Long.MIN_VALUE;
    /** The seq of the last timeline sent, likewise. */
    private long timelineSeq = Long.MIN_VALUE;
    /** This pod's lease on the room: once it may have run out, the socket is sent nothing more. */
    volatile RoomLeases.Lease lease;
    /** Frames the client sent before the socket joined its room (its pod was claiming the room). */
    private List<String> early = new ArrayList<>();
    private static final int MAX_EARLY = 16;
    /** Set once this server decided to close the socket: later frames are dropped unread. */
    private volatile boolean closing;

    ClientSession(WebSocketConnection connection, String roomId, String participantId, String role, boolean staff,
                  boolean steers, FloodGuard flood, double connectedAt) {
        this.connectedAt = connectedAt;
        this.connection = connection;
        this.roomId = roomId;
        this.participantId = participantId;
        this.role = role;
        this.staff = staff;
        this.steers = steers;
        this.flood = flood;
    }

    /**
     * Keeps a frame that came before the socket joined its room, to handle once it has (false once joined:
     * handle it now). Past a few, the client is sending before it was greeted: they are dropped.
     */
    synchronized boolean keepEarly(String frame) {
        if (early == null) {
            return false;
        }
        if (early.size() < MAX_EARLY) {
            early.add(frame);
        }
        return true;
    }

    /** The frames kept before joining, once; from now on frames are handled as they come. */
    synchronized List<String> takeEarly() {
        List<String> out = early == null ? List.of() : early;
        early = null;
        return out;
    }

    synchronized FloodGuard.Verdict admit(double now) {
        return flood.admit(now);
    }

    /** A ping to send now; remembered until answered (or until too many are outstanding). */
    synchronized Ping ping(double now) {
        long id = nextPingId++;
        outstanding.put(id, now);
        return new Ping(id, now);
    }

    synchronized double nextPingDelayMs(PingSchedule schedule) {
        return schedule.nextDelayMs(clock);
    }

    /** False when the pong answers no outstanding ping. */
    synchronized boolean onPong(Pong pong, double now) {
        Double sentAt = outstanding.remove(pong.id());
        if (sentAt == null) {
            return false;
        }
        clock.observe(sentAt, pong.clientReceive(), pong.clientSend(), now);
        return true;
    }

    synchronized Optional<SyncMessage> onReport(Report report, RoomTimeline timeline, double now) {
        lastReportAt = now;
        if (report.mediaId() != null && (videos.containsKey(report.mediaId()) || videos.size() < MAX_VIDEOS)) {
            double[] times = videos.computeIfAbsent(report.mediaId(), id -> new double[] {Double.NaN, Double.NaN});
            // the first report of each wins: a client that repeats them cannot move them
            if (Double.isNaN(times[0]) && report.loadedAt() != null) {
                times[0] = report.loadedAt();
            }
            if (Double.isNaN(times[1]) && report.firstFrameAt() != null) {
                times[1] = report.firstFrameAt();
            }
        }
        Optional<SyncMessage> answer = controller.onReport(report, timeline, clock, now);
        double error = controller.lastErrorMs();
        if (timeline.state() == PlaybackState.PLAYING && !report.paused() && !report.buffering()
                && !Double.isNaN(error)) {
            errors[errorCount++ % errors.length] = Math.abs(error);
        }
        return answer;
    }

    /** How this connection fared, for the room's export: errors as the server saw them. */
    synchronized SyncQualityReported summary(double now) {
        int n = Math.min(errorCount, errors.length);
        double[] sorted = Arrays.copyOf(errors, n);
        Arrays.sort(sorted);
        return new SyncQualityReported(roomId, participantId, Math.round(connectedAt), Math.round(now), errorCount,
                n == 0 ? null : sorted[(int) Math.ceil(0.50 * n) - 1], n == 0 ? null : sorted[(int) Math.ceil(0.95 * n) - 1],
                controller.seeks(), clock.hasEstimate() ? clock.errorBoundMs() : null,
                clock.hasEstimate() ? clock.minRttMs() : null, videoTimes());
    }

    /** The videos' times on the server clock (the clock model at the end of the connection knows it best). */
    private List<SyncQualityReported.Video> videoTimes() {
        List<SyncQualityReported.Video> out = new ArrayList<>();
        videos.forEach((media, times) -> out.add(new SyncQualityReported.Video(media, serverTime(times[0]),
                serverTime(times[1]))));
        return out;
    }

    private Long serverTime(double clientTime) {
        return Double.isNaN(clientTime) || !clock.hasEstimate() ? null : Math.round(clock.toServerTime(clientTime));
    }

    synchronized Optional<SyncMessage> onTimeline(RoomTimeline timeline, double now) {
        return controller.onTimeline(timeline, clock, now);
    }

    /** Offset uncertainty (ms, two standard deviations) for staff dashboards; null before the first exchange. */
    synchronized Double offsetErrorMs() {
        return clock.hasEstimate() ? clock.errorBoundMs() : null;
    }

    /** The playback rate last commanded to this client. */
    synchronized Double rate() {
        return controller.rate();
    }

    /** How long ago its last report arrived; null before the first. */
    synchronized Double reportAgeMs(double now) {
        return Double.isNaN(lastReportAt) ? null : now - lastReportAt;
    }

    synchronized Double positionErrorMs() {
        double e = controller.lastErrorMs();
        return Double.isNaN(e) ? null : e;
    }

    /** Closes the socket once, with a documented code (docs/sync-protocol.md); later calls do nothing. */
    void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        connection.close(new io.quarkus.websockets.next.CloseReason(code, reason)).subscribe().with(v -> { },
                failure -> LOG.debugf("closing %s: %s", participantId, failure.getMessage()));
    }

    boolean closing() {
        return closing || !connection.isOpen();
    }

    /**
     * Sends a room frame unless this socket has had it (or a newer one): a socket that opens while a state is
     * published would otherwise get it twice, once live and once from the store read its opening started.
     */
    void sendRoom(RoomState frame) {
        synchronized (this) {
            if (frame.seq() <= roomSeq) {
                return;
            }
            roomSeq = frame.seq();
        }
        send(frame);
    }

    /** Sends a timeline unless this socket has had it or a newer one (a socket opening while it is stored). */
    void sendTimeline(Timeline timeline) {
        synchronized (this) {
            if (timeline.seq() <= timelineSeq) {
                return;
            }
            timelineSeq = timeline.seq();
        }
        send(timeline);
    }

    void send(SyncMessage message) {
        RoomLeases.Lease l = lease;
        // a pod paused past its lease wakes up to a room that may be another's: it says nothing more in it
        if (closing() || (l != null && !l.valid())) {
            return;
        }
        connection.sendText(SyncCodec.encode(message)).subscribe().with(ok -> { },
                failure -> LOG.debugf("frame to %s dropped: %s", participantId, failure.getMessage()));
    }
}
