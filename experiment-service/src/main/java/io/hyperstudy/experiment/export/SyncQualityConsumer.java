package io.hyperstudy.experiment.export;

import io.hyperstudy.experiment.room.RoomStore;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.SyncQualityReported;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Keeps sync-service's per-connection sync-quality summaries with the session they belong to, for
 * exports. Stored under the event id, so a redelivered event overwrites itself.
 */
@ApplicationScoped
public class SyncQualityConsumer {
    private static final Logger LOG = Logger.getLogger(SyncQualityConsumer.class);

    @Inject
    RoomStore rooms;

    @Inject
    SyncQualityStore store;

    /** Retried while the store is down; the offset is committed only once the summary is saved. */
    @Incoming("sync-quality")
    @Blocking
    @Retry(maxRetries = 60, delay = 1, delayUnit = ChronoUnit.SECONDS)
    public void onEvent(CloudEvent event) {
        if (event == null || !(event.data() instanceof SyncQualityReported summary)) {
            return;
        }
        String sessionId = rooms.find(summary.roomId()).map(r -> r.sessionId()).orElse(null);
        if (sessionId == null) {
            LOG.debugf("sync quality for room %s, which is not a room of an experiment session", summary.roomId());
            return;
        }
        store.save(event.id(), sessionId, summary);
    }
}
