package io.hyperstudy.media.events;

import io.hyperstudy.media.livekit.LiveKitConfig;
import io.hyperstudy.media.livekit.LiveKitRooms;
import io.hyperstudy.media.recordings.RecordingDirector;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RoomEnded;
import io.hyperstudy.model.events.RoomStarted;
import io.hyperstudy.model.events.RoomStateChanged;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;

/**
 * Rooms from experiment-service: a started room gets its LiveKit room, a state that records gets its
 * recording (and the next state stops it), an ended room has its recordings stopped and its LiveKit room
 * closed. Every operation is idempotent, so a redelivered event is harmless; while LiveKit or Firestore
 * is unreachable the event is retried, and its offset is committed only once it is done.
 */
@ApplicationScoped
public class RoomEventsConsumer {
    private static final Logger LOG = Logger.getLogger(RoomEventsConsumer.class);

    @Inject
    LiveKitRooms rooms;

    @Inject
    LiveKitConfig config;

    @Inject
    RecordingDirector recordings;

    @Incoming("room-events")
    @Blocking
    @Retry(maxRetries = 60, delay = 1, delayUnit = ChronoUnit.SECONDS)
    public void onEvent(CloudEvent event) {
        if (event == null || !config.manageRooms()) {
            return;
        }
        if (event.data() instanceof RoomStarted started) {
            // observers (hidden staff) come on top of the members
            rooms.open(started.roomId(), started.members().size() + 10);
            LOG.infof("LiveKit room %s opened (event %s)", started.roomId(), event.id());
        } else if (event.data() instanceof RoomStateChanged changed) {
            recordings.stateChanged(changed);
        } else if (event.data() instanceof RoomEnded ended) {
            recordings.roomEnded(ended.roomId());
            rooms.close(ended.roomId());
            LOG.infof("LiveKit room %s closed (event %s)", ended.roomId(), event.id());
        }
    }
}
