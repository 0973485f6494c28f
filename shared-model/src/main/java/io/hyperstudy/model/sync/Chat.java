package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Server → client: a chat message, once it is stored. Messages are written over REST (participants: the
 * responses endpoint; staff: the room's chat endpoint), which validates them, stores each once by the client's
 * id and answers with an error a client can act on; the socket carries them to every member of the room. Each
 * has its client-made {@code id} (a client shows a message once, even when history repeats it), its sender
 * ({@code from}: a participant id or {@code staff:<id>}), their role, the server time it was stored, and
 * {@code history} true for messages replayed to a client that (re)connects while the chat is shown.
 */
@RegisterForReflection
public record Chat(String componentId, String id, String text, String from, String role, double serverTime,
                   Boolean history) implements SyncMessage {
}
