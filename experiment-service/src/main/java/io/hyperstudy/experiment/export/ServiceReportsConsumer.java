package io.hyperstudy.experiment.export;

import io.hyperstudy.experiment.room.Room;
import io.hyperstudy.experiment.room.RoomStore;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RecordingCompleted;
import io.hyperstudy.model.events.RecordingStarted;
import io.hyperstudy.model.events.SyncQualityReported;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Keeps what sync-service and media-service report about a session's rooms with the session, for
 * exports: sync-quality summaries (one per connection, under the event id) and recordings (one per
 * recording: its start, replaced by its completion, never the other way round).
 */
@ApplicationScoped
public class ServiceReportsConsumer {
    private static final Logger LOG = Logger.getLogger(ServiceReportsConsumer.class);
    static final String SYNC_QUALITY = "sync_quality";
    static final String RECORDING = "recording";

    @Inject
    RoomStore rooms;

    @Inject
    ServiceReports reports;

    /** Retried while the store is down; the offset is committed only once the report is saved. */
    @Incoming("reports")
    @Blocking
    @Retry(maxRetries = 60, delay = 1, delayUnit = ChronoUnit.SECONDS)
    public void onEvent(CloudEvent event) {
        if (event == null || event.data() == null) {
            return;
        }
        Optional<String> session = rooms.find(event.data().aggregateId()).map(Room::sessionId);
        if (session.isEmpty()) {
            LOG.debugf("%s for room %s, which is not a room of an experiment session", event.type(), event.data().aggregateId());
            return;
        }
        if (event.data() instanceof SyncQualityReported summary) {
            reports.save(event.id(), SYNC_QUALITY, session.get(), summary.participantId(), summary.disconnectedAt(), summary);
        } else if (event.data() instanceof RecordingStarted started) {
            reports.saveIfAbsent(RECORDING + "-" + started.recordingId(), RECORDING, session.get(), started.participantId(),
                    started.startedAtServerTime(), started);
        } else if (event.data() instanceof RecordingCompleted completed) {
            long at = completed.startedAtServerTime() != null ? completed.startedAtServerTime()
                    : completed.endedAtServerTime() != null ? completed.endedAtServerTime() : event.time().toEpochMilli();
            reports.save(RECORDING + "-" + completed.recordingId(), RECORDING, session.get(), completed.participantId(), at,
                    completed);
        }
    }
}
