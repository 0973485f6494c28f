package io.hyperstudy.model.sync;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A frame of the sync wire protocol (one JSON text frame per message). Every frame carries
 * {@code "v"} (see {@link SyncCodec#VERSION}) and {@code "type"}. Times are milliseconds: server
 * times on the server's epoch clock, client times on the client's own clock, media positions from
 * the start of the media. See docs/sync-protocol.md.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = Ping.class, name = "ping"),
        @JsonSubTypes.Type(value = Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = Report.class, name = "report"),
        @JsonSubTypes.Type(value = Timeline.class, name = "timeline"),
        @JsonSubTypes.Type(value = RateCommand.class, name = "rate"),
        @JsonSubTypes.Type(value = SeekCommand.class, name = "seek"),
        @JsonSubTypes.Type(value = TimelineCommand.class, name = "command"),
        @JsonSubTypes.Type(value = Presence.class, name = "presence"),
        @JsonSubTypes.Type(value = ErrorFrame.class, name = "error"),
        @JsonSubTypes.Type(value = PassRenewal.class, name = "pass"),
        @JsonSubTypes.Type(value = RoomState.class, name = "room"),
        @JsonSubTypes.Type(value = Outcome.class, name = "outcome"),
        @JsonSubTypes.Type(value = Chat.class, name = "chat")
})
public sealed interface SyncMessage
        permits Hello, Ping, Pong, Report, Timeline, RateCommand, SeekCommand, TimelineCommand, Presence, ErrorFrame,
        PassRenewal, RoomState, Outcome, Chat {

    /** Messages a client may send; anything else from a client is refused. */
    default boolean fromClient() {
        return false;
    }
}
