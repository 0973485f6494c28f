package io.hyperstudy.sync.ws;

import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.SyncMessage;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Sends a frame to every connection of a room on this pod. */
@ApplicationScoped
public class RoomBroadcaster {
    private static final Logger LOG = Logger.getLogger(RoomBroadcaster.class);

    @Inject
    OpenConnections connections;

    public void send(String roomId, SyncMessage message) {
        String frame = SyncCodec.encode(message);
        connections.stream()
                .filter(c -> roomId.equals(c.pathParam(RoomSocket.ROOM_ID)))
                .forEach(c -> c.sendText(frame).subscribe().with(ok -> { },
                        failure -> LOG.debugf("frame to %s dropped: %s", c.id(), failure.getMessage())));
    }
}
