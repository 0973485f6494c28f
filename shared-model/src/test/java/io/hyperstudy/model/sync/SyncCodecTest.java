package io.hyperstudy.model.sync;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncCodecTest {

    @Test
    void everyFrameCarriesTheVersionAndTypeAndRoundTrips() {
        List<SyncMessage> messages = List.of(
                new Hello("r", "p", "experimenter", 1.5),
                new Ping(7, 1000.25),
                new Pong(7L, 10.0, 10.5),
                new Report(1.0, 2.0, 1.0, false, true),
                new Report(1.0, 2.0, 1.0, false, false, "film-1", 0.5, 0.9),
                new Timeline("m", PlaybackState.PLAYING, 3.0, 4.0, 1.0, 12),
                new RateCommand(1.01),
                new SeekCommand(5.0, 6.0, 1.0),
                new TimelineCommand(TimelineCommand.Action.PLAY, null, null, 9.0, null),
                new Presence(List.of(new Presence.Member("p", "a", true, 0.4, 1.2, 1.01, 180.0))),
                new RoomState("r", 4, "running", 1, 3, "clip", "Clip", true,
                        List.of(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type", "chat")),
                        List.of("talk"), 1000, 61_000L, null, true, 500),
                new Outcome("completed", "C-OK", "https://x/?cc=C-OK"),
                new Chat("talk", "m-1", "hello", "p-1", "viewer", 5.0, true),
                new ErrorFrame(ErrorCode.INVALID, "x"));
        for (SyncMessage m : messages) {
            String frame = SyncCodec.encode(m);
            assertTrue(frame.startsWith("{\"v\":2,\"type\":\""), frame);
            assertEquals(m, SyncCodec.decode(frame), frame);
        }
    }

    @Test
    void clientsMaySendOnlyPongsReportsAndCommands() {
        assertEquals(new Report(1.0, 2.0, 1.0, false, false), SyncCodec.decodeFromClient(
                "{\"v\":2,\"type\":\"report\",\"clientTime\":1,\"position\":2,\"rate\":1,\"paused\":false,"
                        + "\"buffering\":false}", 4096));
        var refused = assertThrows(ProtocolException.class, () -> SyncCodec.decodeFromClient(
                SyncCodec.encode(new Timeline("m", PlaybackState.PAUSED, 0, 0, 1, 1)), 4096));
        assertEquals(ErrorCode.UNKNOWN_TYPE, refused.code());
        // chat is written over REST, where it is validated and stored once; the socket only delivers it
        assertEquals(ErrorCode.UNKNOWN_TYPE, assertThrows(ProtocolException.class, () -> SyncCodec.decodeFromClient(
                SyncCodec.encode(new Chat("talk", "m-1", "hi", null, null, 0, null)), 4096)).code());
    }

    @Test
    void refusalsNameTheirReason() {
        assertEquals(ErrorCode.MALFORMED, code("{"));
        assertEquals(ErrorCode.MALFORMED, code("{} {}"));
        assertEquals(ErrorCode.MALFORMED, code("\"text\""));
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, code("{\"type\":\"pong\"}"));
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, code("{\"v\":\"one\",\"type\":\"pong\"}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, code("{\"v\":2}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, code("{\"v\":2,\"type\":\"warp\"}"));
        assertEquals(ErrorCode.INVALID, code("{\"v\":2,\"type\":\"pong\",\"id\":1,\"clientReceive\":5,\"clientSend\":4}"));
        assertEquals(ErrorCode.INVALID, code("{\"v\":2,\"type\":\"command\",\"action\":\"load\"}"));
        assertEquals(ErrorCode.INVALID, code("{\"v\":2,\"type\":\"report\",\"clientTime\":1,\"position\":0,"
                + "\"rate\":1,\"paused\":false,\"buffering\":false,\"loadedAt\":5}"));
        assertEquals(ErrorCode.INVALID, code("{\"v\":2,\"type\":\"command\",\"action\":\"fly\"}"));
        assertEquals(ErrorCode.INVALID, code("{\"v\":2,\"type\":\"report\",\"clientTime\":\"soon\",\"position\":0,"
                + "\"rate\":1,\"paused\":false,\"buffering\":false}"));
        assertEquals(ErrorCode.TOO_LARGE, assertThrows(ProtocolException.class,
                () -> SyncCodec.decodeFromClient("{\"v\":2,\"pad\":\"" + "é".repeat(40) + "\"}", 64)).code());
    }

    private static ErrorCode code(String frame) {
        return assertThrows(ProtocolException.class, () -> SyncCodec.decodeFromClient(frame, 4096)).code();
    }
}
