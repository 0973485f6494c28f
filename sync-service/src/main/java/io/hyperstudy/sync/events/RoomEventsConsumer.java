package io.hyperstudy.sync.events;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.sync.ws.RoomFeed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Room events from the durable log: the second path by which a room's decisions reach this pod (the live
 * path over Redis is the first, and usually wins). Each goes to its room's lane, where a state change older
 * than the last applied one, by its seq, is dropped: a redelivered event, or one the live path brought
 * already, is applied once.
 */
@ApplicationScoped
public class RoomEventsConsumer {
    private static final Logger LOG = Logger.getLogger(RoomEventsConsumer.class);

    @Inject
    RoomFeed feed;

    @Incoming("room-events")
    public void onEvent(CloudEvent event) {
        if (event == null) {
            LOG.warn("skipped a record that is not a CloudEvent");
            return;
        }
        feed.event(event);
    }
}
