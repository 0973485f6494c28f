package io.hyperstudy.sync.events;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.ParticipantLeft;
import io.hyperstudy.model.events.RoomEnded;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.model.sync.TimelineCommand.Action;
import io.hyperstudy.sync.access.DepartedParticipants;
import io.hyperstudy.sync.config.SyncConfig;
import io.hyperstudy.sync.room.BufferingHolds;
import io.hyperstudy.sync.timeline.RoomTimeline;
import io.hyperstudy.sync.room.RoomTimelines;
import io.hyperstudy.sync.room.ServerClock;
import io.hyperstudy.sync.ws.RoomSessions;
import io.hyperstudy.sync.ws.RoomSocket;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Room events from experiment-service. A participant who left a room loses its sockets at once (and is
 * refused new ones while their pass still names it). When a state with a synced video begins, the room loads it and
 * plays it from the state's server start time; a paused room pauses it, a resumed one plays on from
 * where it stopped, a state without video stops it, and an ended room is forgotten. Each event is
 * applied once, even if redelivered.
 */
@ApplicationScoped
public class RoomEventsConsumer {
    private static final Logger LOG = Logger.getLogger(RoomEventsConsumer.class);
    static final String SEEN_PREFIX = "sync:event-seen:";

    private static final java.time.Duration REDIS_WAIT = java.time.Duration.ofSeconds(5);

    @Inject
    RedisDataSource redis;

    @Inject
    DepartedParticipants departed;

    @Inject
    RoomTimelines timelines;

    @Inject
    RoomSessions sessions;

    @Inject
    BufferingHolds holds;

    @Inject
    ServerClock clock;

    @Inject
    SyncConfig config;

    @Incoming("room-events")
    @Blocking
    public void onEvent(CloudEvent event) {
        if (event == null) {
            LOG.warn("skipped a record that is not a CloudEvent");
            return;
        }
        if (event.data() instanceof ParticipantLeft left && left.roomId() != null) {
            // remembered first, so a socket opened in the meantime with the same pass is refused from now on
            departed.remember(left.roomId(), left.participantId()).await().atMost(REDIS_WAIT);
            sessions.expel(left.roomId(), left.participantId(), RoomSocket.CLOSE_LEFT_ROOM,
                    "left the room: " + left.outcome());
            return;
        }
        if (event.data() instanceof RoomEnded ended) {
            timelines.remove(ended.roomId());
            holds.remove(ended.roomId());
            return;
        }
        if (!(event.data() instanceof RoomStateChanged changed)) {
            return;
        }
        if (!firstDelivery(event.id())) {
            LOG.debugf("event %s already applied", event.id());
            return;
        }
        double now = clock.nowMillis();
        String room = changed.roomId();
        double at = changed.startsAtServerTime();
        boolean loaded = timelines.get(room, now).mediaId() != null;
        RoomTimeline timeline;
        switch (changed.transition()) {
            case RoomStateChanged.PAUSE -> {
                if (!loaded) {
                    return;
                }
                timeline = timelines.apply(room, new TimelineCommand(Action.PAUSE, null, null, null, null), now);
            }
            case RoomStateChanged.RESUME -> {
                if (changed.mediaId() == null || !loaded) {
                    return;
                }
                timeline = timelines.apply(room, new TimelineCommand(Action.PLAY, null, null, at, null), now);
            }
            default -> {
                holds.configure(room, changed.mediaId() != null && changed.waitForBuffering());
                if (changed.mediaId() == null) {
                    // the state has no synced video: stop the previous state's video, if any
                    if (!loaded) {
                        return;
                    }
                    timeline = timelines.apply(room, new TimelineCommand(Action.PAUSE, null, null, null, null), now);
                } else {
                    double from = changed.mediaStartSeconds() == null ? 0.0 : changed.mediaStartSeconds();
                    timelines.apply(room, new TimelineCommand(Action.LOAD, changed.mediaId(), from, null, null), now);
                    timeline = timelines.apply(room, new TimelineCommand(Action.PLAY, null, from, at, null), now);
                }
            }
        }
        sessions.timelineChanged(room, timeline);
    }

    private boolean firstDelivery(String eventId) {
        String set = redis.value(String.class).setGet(SEEN_PREFIX + eventId, "1",
                new SetArgs().nx().px(config.eventDedupWindow()));
        return set == null;
    }
}
