package io.hyperstudy.media.recordings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.hyperstudy.model.events.RecordingCompleted;
import io.hyperstudy.model.events.RecordingStarted;
import io.hyperstudy.model.events.RoomStateChanged;
import livekit.LivekitEgress;

import java.util.List;
import java.util.stream.Stream;

/**
 * One recording in the catalogue: a room's state, recorded whole ({@code composite}) or one participant of
 * it ({@code tracks}), and what LiveKit reported of it. Times are epoch milliseconds on the servers'
 * clocks; {@link #offsetMs()} places the recording on the room's server-time line, relative to the
 * start of its state. Its id is derived from the room, the state change and the participant, so that a
 * redelivered event finds the recording it already made.
 */
public record Recording(
        String id,
        String roomId,
        String sessionId,
        String experimentId,
        int stateIndex,
        String stateId,
        long stateSeq,
        String kind,
        String participantId,
        String filepath,
        long stateStartsAtServerTime,
        long requestedAt,
        RecordingStatus status,
        String egressId,
        Long startedAtServerTime,
        Long endedAtServerTime,
        List<RecordingCompleted.File> files,
        String error,
        @JsonIgnore boolean startAnnounced,
        @JsonIgnore boolean endAnnounced,
        @JsonIgnore Long launchUntil) {

    /** How long one caller may take to ask LiveKit for a recording's egress before another may try. */
    static final long LAUNCH_LEASE_MS = 30_000;

    /** A recording about to be asked of LiveKit for the state {@code entered}, of one participant or (null) of all. */
    public static Recording requested(RoomStateChanged entered, String participantId, String prefix, long now) {
        String id = entered.roomId() + "-" + entered.seq() + (participantId == null ? "" : "-" + participantId);
        String kind = participantId == null ? RoomStateChanged.RECORD_COMPOSITE : RoomStateChanged.RECORD_TRACKS;
        // the file name carries the id, so that LiveKit's reports can be matched even before the egress id is known
        String filepath = prefix + "/" + entered.sessionId() + "/" + entered.roomId() + "/" + id + ".mp4";
        return new Recording(id, entered.roomId(), entered.sessionId(), entered.experimentId(), entered.stateIndex(),
                entered.stateId(), entered.seq(), kind, participantId, filepath, entered.startsAtServerTime(), now,
                RecordingStatus.REQUESTED, null, null, null, List.of(), null, false, false, null);
    }

    /** A recording of another participant in the same recorded state. */
    public Recording ofParticipant(String participant, String prefix, long now) {
        return requested(new RoomStateChanged(roomId, sessionId, experimentId, stateIndex, stateId, stateStartsAtServerTime,
                null, null, RoomStateChanged.ENTER, stateSeq, false, kind), participant, prefix, now);
    }

    /** The id a recording's file name carries ({@link #requested}), or null. */
    static String idOfFile(String filepath) {
        int slash = filepath.lastIndexOf('/');
        String name = filepath.substring(slash + 1);
        return name.endsWith(".mp4") ? name.substring(0, name.length() - 4) : null;
    }

    /** Where the recording's first media lies relative to its state's start, on the room's server-time line. */
    @JsonProperty("offsetMs")
    public Long offsetMs() {
        return startedAtServerTime == null ? null : startedAtServerTime - stateStartsAtServerTime;
    }

    @JsonIgnore
    public boolean startDue() {
        return !startAnnounced && startedAtServerTime != null;
    }

    @JsonIgnore
    public boolean endDue() {
        return !endAnnounced && status.terminal();
    }

    /** What LiveKit reported: status forward only; times, files and error filled in as they become known. */
    public Recording withEgress(LivekitEgress.EgressInfo info) {
        RecordingStatus next = RecordingStatus.of(info.getStatus());
        RecordingStatus newStatus = status.mayBecome(next) ? next : status;
        List<LivekitEgress.FileInfo> reported = info.getFileResultsCount() > 0 ? info.getFileResultsList()
                : info.hasFile() && info.getFile().getSize() > 0 ? List.of(info.getFile()) : List.of();
        Long started = startedAtServerTime != null ? startedAtServerTime : millis(firstMediaNanos(info, reported));
        Long ended = endedAtServerTime != null ? endedAtServerTime : millis(info.getEndedAt());
        List<RecordingCompleted.File> newFiles = files.isEmpty() && !reported.isEmpty()
                ? reported.stream().map(f -> new RecordingCompleted.File(f.getFilename(), f.getLocation(), f.getSize(),
                        f.getDuration() / 1_000_000)).toList()
                : files;
        String newError = error == null && !info.getError().isEmpty() ? info.getError() : error;
        return new Recording(id, roomId, sessionId, experimentId, stateIndex, stateId, stateSeq, kind, participantId,
                filepath, stateStartsAtServerTime, requestedAt, newStatus, egressId == null ? info.getEgressId() : egressId,
                started, ended, newFiles, newError, startAnnounced, endAnnounced, launchUntil);
    }

    /** When the first media was written: the file's own start where LiveKit gives it, else the egress's. */
    private static long firstMediaNanos(LivekitEgress.EgressInfo info, List<LivekitEgress.FileInfo> reported) {
        return Stream.concat(reported.stream(), info.hasFile() ? Stream.of(info.getFile()) : Stream.empty())
                .mapToLong(LivekitEgress.FileInfo::getStartedAt).filter(n -> n > 0).findFirst()
                .orElse(info.getStartedAt());
    }

    /** LiveKit's nanoseconds as milliseconds; null for LiveKit's 0, not yet. */
    private static Long millis(long nanos) {
        return nanos > 0 ? nanos / 1_000_000 : null;
    }

    /** The recording could not begin, or its state was over before it did. */
    public Recording ended(RecordingStatus end, String why, long now) {
        if (status.terminal()) {
            return this;
        }
        return new Recording(id, roomId, sessionId, experimentId, stateIndex, stateId, stateSeq, kind, participantId,
                filepath, stateStartsAtServerTime, requestedAt, end, egressId, startedAtServerTime,
                endedAtServerTime == null ? now : endedAtServerTime, files, why, startAnnounced, endAnnounced, launchUntil);
    }

    /** Whether someone may ask LiveKit for this recording's egress now: not begun, and no one else is asking. */
    boolean launchable(long now) {
        return egressId == null && !status.terminal() && (launchUntil == null || launchUntil <= now);
    }

    /** The same, with the caller holding the right to ask LiveKit until {@code until} (null: no one holds it). */
    Recording launching(Long until) {
        return new Recording(id, roomId, sessionId, experimentId, stateIndex, stateId, stateSeq, kind, participantId,
                filepath, stateStartsAtServerTime, requestedAt, status, egressId, startedAtServerTime, endedAtServerTime,
                files, error, startAnnounced, endAnnounced, until);
    }

    public Recording announced(boolean start, boolean end) {
        return new Recording(id, roomId, sessionId, experimentId, stateIndex, stateId, stateSeq, kind, participantId,
                filepath, stateStartsAtServerTime, requestedAt, status, egressId, startedAtServerTime, endedAtServerTime,
                files, error, startAnnounced || start, endAnnounced || end, launchUntil);
    }

    public RecordingStarted startedEvent() {
        return new RecordingStarted(id, roomId, sessionId, experimentId, stateIndex, stateId, kind, participantId,
                egressId, startedAtServerTime, offsetMs());
    }

    public RecordingCompleted completedEvent() {
        return new RecordingCompleted(id, roomId, sessionId, experimentId, stateIndex, stateId, kind, participantId,
                egressId, status.wire(), startedAtServerTime, endedAtServerTime, offsetMs(), files, error);
    }
}
