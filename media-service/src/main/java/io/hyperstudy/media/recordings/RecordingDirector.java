package io.hyperstudy.media.recordings;

import io.hyperstudy.media.livekit.CallTokens;
import io.hyperstudy.media.livekit.LiveKitCalls;
import io.hyperstudy.media.livekit.LiveKitConfig;
import io.hyperstudy.media.livekit.LiveKitEgress;
import io.hyperstudy.media.livekit.LiveKitRooms;
import io.hyperstudy.model.events.RoomStateChanged;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import livekit.LivekitEgress;
import livekit.LivekitModels;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts and stops LiveKit egress as rooms move through their states: entering a state that records
 * starts its recording (one composite egress, or one per participant in the call), and the next state
 * or the room's end stops it. Every step is idempotent, so a redelivered event or a retry after LiveKit
 * was unreachable neither records twice nor leaves an egress running. LiveKit's reports (webhooks)
 * move each recording through its lifecycle.
 */
@ApplicationScoped
public class RecordingDirector {
    private static final Logger LOG = Logger.getLogger(RecordingDirector.class);

    @Inject
    RecordingCatalogue catalogue;

    @Inject
    RecordingAnnouncer announcer;

    @Inject
    LiveKitEgress egress;

    @Inject
    LiveKitRooms rooms;

    @Inject
    LiveKitConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry metrics;

    /** A room entered a state (or was paused or resumed in it, which changes no recording). */
    public void stateChanged(RoomStateChanged changed) {
        if (!RoomStateChanged.ENTER.equals(changed.transition())) {
            return;
        }
        stopUnfinished(changed.roomId(), changed.seq());
        if (RoomStateChanged.RECORD_COMPOSITE.equals(changed.recording())) {
            record(Recording.requested(changed, null, config.recordingPrefix(), clock.millis()));
        } else if (RoomStateChanged.RECORD_TRACKS.equals(changed.recording())) {
            List<LivekitModels.ParticipantInfo> inCall;
            try {
                inCall = rooms.participants(changed.roomId());
            } catch (LiveKitCalls.LiveKitRefused refused) {
                // no such LiveKit room: nobody to record, and asking again would not change that
                LOG.warnf("room %s: no participants to record (%s)", changed.roomId(), refused.getMessage());
                return;
            }
            for (LivekitModels.ParticipantInfo p : inCall) {
                if (recordable(p)) {
                    record(Recording.requested(changed, p.getIdentity(), config.recordingPrefix(), clock.millis()));
                }
            }
        }
    }

    public void roomEnded(String roomId) {
        stopUnfinished(roomId, Long.MAX_VALUE);
    }

    /** Someone joined a call: if the room's current state records each participant, they are recorded too. */
    public void participantJoined(String roomId, LivekitModels.ParticipantInfo participant) {
        if (!recordable(participant)) {
            return;
        }
        Optional<Recording> current = catalogue.ofRoom(roomId).stream()
                .filter(r -> RoomStateChanged.RECORD_TRACKS.equals(r.kind()) && !r.status().terminal())
                .max(Comparator.comparingLong(Recording::stateSeq));
        current.ifPresent(r -> record(r.ofParticipant(participant.getIdentity(), config.recordingPrefix(), clock.millis())));
    }

    /** LiveKit reported on an egress: the recording it belongs to (if it is ours) takes in the report. */
    public void egressReported(LivekitEgress.EgressInfo info) {
        Optional<Recording> known = catalogue.byEgress(info.getEgressId());
        String id = known.map(Recording::id).orElseGet(() -> idOfFile(info));
        if (id == null) {
            return;
        }
        Optional<Recording> updated = catalogue.change(id, r -> r.withEgress(info));
        if (updated.isPresent()) {
            announcer.announceSoon(id);
        }
    }

    /**
     * Asks LiveKit how each unfinished recording stands, so that a lost webhook (LiveKit does not retry
     * them forever) cannot leave a recording unfinished in the catalogue.
     */
    @Scheduled(every = "${hyperstudy.recordings.reconcile:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "10s")
    void reconcile() {
        if (!config.manageRooms()) {
            return;
        }
        try {
            long now = clock.millis();
            for (Recording r : catalogue.unfinished(200)) {
                if (r.egressId() == null) {
                    // asked for by a caller that died before LiveKit answered; its state has not ended (that
                    // would have aborted it), so it is asked for again
                    if (r.launchable(now) && now - r.requestedAt() > Recording.LAUNCH_LEASE_MS) {
                        record(r);
                    }
                    continue;
                }
                Optional<LivekitEgress.EgressInfo> info = egress.find(r.egressId());
                Optional<Recording> updated = info.isPresent()
                        ? catalogue.change(r.id(), x -> x.withEgress(info.get()))
                        : catalogue.change(r.id(), x -> x.ended(RecordingStatus.ABORTED, "LiveKit no longer knows egress "
                                + r.egressId(), clock.millis()));
                if (updated.isPresent() && !updated.get().equals(r)) {
                    LOG.infof("recording %s reconciled with LiveKit: %s", r.id(), updated.get().status().wire());
                    announcer.announceSoon(r.id());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("recordings could not be reconciled with LiveKit now: %s", e.getMessage());
        }
    }

    private void record(Recording fresh) {
        // a participant can be found by the state's listing and by their join webhook at once: one asks LiveKit
        Optional<Recording> claimed = catalogue.claimLaunch(fresh, clock.millis());
        if (claimed.isEmpty()) {
            return;
        }
        Recording r = claimed.get();
        LivekitEgress.EgressInfo started;
        try {
            started = r.participantId() == null
                    ? egress.startComposite(r.roomId(), r.filepath())
                    : egress.startParticipant(r.roomId(), r.participantId(), r.filepath());
        } catch (LiveKitCalls.LiveKitRefused refused) {
            LOG.warnf("recording %s could not begin: %s", r.id(), refused.getMessage());
            catalogue.change(r.id(), x -> x.ended(RecordingStatus.FAILED, refused.getMessage(), clock.millis()));
            announcer.announceSoon(r.id());
            return;
        } catch (RuntimeException unreachable) {
            // LiveKit did not answer: let the retry (or another replica) ask at once
            catalogue.change(r.id(), x -> x.egressId() == null ? x.launching(null) : x);
            throw unreachable;
        }
        metrics.counter("hyperstudy.recordings.started", "kind", r.kind()).increment();
        Recording stored = catalogue.change(r.id(), x -> x.withEgress(started)).orElseThrow();
        LOG.infof("recording %s: egress %s for room %s, state %s", r.id(), started.getEgressId(), r.roomId(), r.stateId());
        if (stored.status().terminal()) {
            // its state ended while LiveKit was launching it
            egress.stop(started.getEgressId());
        }
        announcer.announceSoon(r.id());
    }

    private void stopUnfinished(String roomId, long beforeSeq) {
        for (Recording r : catalogue.ofRoom(roomId)) {
            if (r.status().terminal() || r.stateSeq() >= beforeSeq) {
                continue;
            }
            if (r.egressId() == null) {
                catalogue.change(r.id(), x -> x.egressId() == null
                        ? x.ended(RecordingStatus.ABORTED, "the state ended before the recording began", clock.millis())
                        : x);
                announcer.announceSoon(r.id());
                continue;
            }
            egress.stop(r.egressId()).ifPresent(info -> catalogue.change(r.id(), x -> x.withEgress(info)));
            LOG.infof("recording %s: egress %s stopped", r.id(), r.egressId());
        }
    }

    private static boolean recordable(LivekitModels.ParticipantInfo p) {
        return !p.getIdentity().startsWith(CallTokens.OBSERVER_PREFIX) && !(p.hasPermission() && p.getPermission().getHidden());
    }

    /** The recording an egress writes, by the file name it was given (its report may come before its id is stored). */
    private static String idOfFile(LivekitEgress.EgressInfo info) {
        return Stream.of(info.getFile().getFilename(),
                        info.getRoomComposite().getFileOutputsCount() > 0 ? info.getRoomComposite().getFileOutputs(0).getFilepath() : "",
                        info.getParticipant().getFileOutputsCount() > 0 ? info.getParticipant().getFileOutputs(0).getFilepath() : "")
                .filter(path -> !path.isEmpty()).findFirst().map(Recording::idOfFile).orElse(null);
    }
}
