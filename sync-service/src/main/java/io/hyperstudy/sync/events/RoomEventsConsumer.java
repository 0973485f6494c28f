package io.hyperstudy.sync.events;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.model.sync.TimelineCommand.Action;
import io.hyperstudy.sync.config.SyncConfig;
import io.hyperstudy.sync.timeline.RoomTimelines;
import io.hyperstudy.sync.timeline.ServerClock;
import io.hyperstudy.sync.ws.RoomSessions;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Room events from experiment-service. When a state with a synced video begins, the room loads it and
 * plays it from the state's server start time. Each event is applied once, even if redelivered.
 */
@ApplicationScoped
public class RoomEventsConsumer {
    private static final Logger LOG = Logger.getLogger(RoomEventsConsumer.class);
    static final String SEEN_PREFIX = "sync:event-seen:";

    @Inject
    RedisDataSource redis;

    @Inject
    RoomTimelines timelines;

    @Inject
    RoomSessions sessions;

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
        if (!(event.data() instanceof RoomStateChanged changed)) {
            return;
        }
        if (!firstDelivery(event.id())) {
            LOG.debugf("event %s already applied", event.id());
            return;
        }
        if (changed.mediaId() == null) {
            return;
        }
        double now = clock.nowMillis();
        double start = changed.startsAtServerTime();
        timelines.apply(changed.roomId(), new TimelineCommand(Action.LOAD, changed.mediaId(), 0.0, null, null), now);
        var timeline = timelines.apply(changed.roomId(),
                new TimelineCommand(Action.PLAY, null, 0.0, start, null), now);
        sessions.timelineChanged(changed.roomId(), timeline);
    }

    private boolean firstDelivery(String eventId) {
        String set = redis.value(String.class).setGet(SEEN_PREFIX + eventId, "1",
                new SetArgs().nx().px(config.eventDedupWindow()));
        return set == null;
    }
}
