package io.hyperstudy.model.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Server → client: the room's current state as this client sees it, on entering the room and on every
 * change. {@code seq} is the room's change count: a client that sees a gap asks again by reconnecting.
 * {@code status} is running, paused or ended; {@code forMe} false means the state is for other roles (wait);
 * {@code components} are what to render (the definition's components); {@code chats} the chat components this
 * client may write in; times are server epoch ms ({@code endsAt} null: no timer; while paused,
 * {@code remainingMs} keeps what was left); {@code mustSubmit}: this participant still has something to submit;
 * {@code decidedAt}: when experiment-service decided this change (server time), so a client can tell how old
 * what it shows is.
 */
@RegisterForReflection
public record RoomState(String roomId, long seq, String status, int stateIndex, int stateCount, String stateId,
                        String title, boolean forMe, List<JsonNode> components, List<String> chats, long startsAt,
                        Long endsAt, Long remainingMs, boolean mustSubmit, long decidedAt) implements SyncMessage {
}
