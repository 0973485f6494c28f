package io.hyperstudy.model;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.ParticipantLeft;
import io.hyperstudy.model.events.RoomStateChanged;
import io.hyperstudy.model.live.LiveChannel;
import io.hyperstudy.model.live.LiveChat;
import io.hyperstudy.model.live.LiveRoom;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A room's live state and a chat message survive the live channel's encoding, events included. */
class LiveChannelTest {

    @Test
    void aRoomAndItsEventsRoundTrip() {
        var entered = CloudEvent.of("/experiment-service", new RoomStateChanged("r1", "s1", "e1", 1, "clip", 5000L,
                "film", 2.0, RoomStateChanged.ENTER, 7, true, RoomStateChanged.RECORD_NONE), Instant.parse("2026-11-30T10:00:00Z"));
        var left = CloudEvent.of("/experiment-service", new ParticipantLeft("s1", "r1", "p-1", "dropped"), Instant.now());
        var view = new LiveRoom.View("Clip", true, List.of(JsonNodeFactory.instance.objectNode().put("type", "video")),
                false, List.of("talk"));
        LiveRoom room = new LiveRoom("r1", "s1", 7, "running", 1, 3, "clip", 5000, 65000L, null, List.of("p-2"),
                List.of(new LiveRoom.Member("p-1", "viewer", "dropped")),
                Map.of("p-1", new LiveRoom.Outcome("dropped", "C-DROP", "https://x/?cc=C-DROP")),
                Map.of("viewer", view, LiveRoom.STAFF_VIEW, view), List.of(entered, left), 4400);
        var decoded = LiveChannel.decode(LiveChannel.encode(new LiveChannel.Message(room, null)), LiveChannel.Message.class);
        assertNull(decoded.chat());
        assertEquals("r1", decoded.roomId());
        assertEquals(room.views(), decoded.room().views());
        assertEquals(room.outcomes(), decoded.room().outcomes());
        assertEquals(entered.data(), decoded.room().events().get(0).data());
        assertEquals(entered.id(), decoded.room().events().get(0).id());
        assertEquals(left.data(), decoded.room().events().get(1).data());
        assertEquals(room.seq(), decoded.room().seq());
    }

    @Test
    void aChatRoundTrips() {
        var chat = new LiveChat("r1", "talk", "m-1", "p-1", "viewer", "hello", 123);
        assertEquals(chat, LiveChannel.decode(LiveChannel.encode(new LiveChannel.Message(null, chat)),
                LiveChannel.Message.class).chat());
    }
}
